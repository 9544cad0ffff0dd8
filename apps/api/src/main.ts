import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig } from './config/app-config';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(): Promise<void> {
  const level = LEVELS.indexOf((process.env.LOG_LEVEL ?? 'log') as LogLevel);
  const logger = LEVELS.slice(0, level >= 0 ? level + 1 : 3);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), { logger, bodyParser: false });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.port);
  Logger.log(`Pidtrymka API on http://localhost:${config.port}/api (OpenAPI: /api/docs)`, 'Bootstrap');
}

bootstrap().catch((error: Error) => {
  Logger.error(error.message, error.stack, 'Bootstrap');
  process.exit(1);
});
