import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  // Buffered until configureApp hands Nest the pino logger (JSON lines at LOG_LEVEL).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), { bufferLogs: true, bodyParser: false });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.port);
  Logger.log(`Pidtrymka API on http://localhost:${config.port}/api (OpenAPI: /api/docs, health: /api/health/ready)`, 'Bootstrap');
}

bootstrap().catch((error: Error) => {
  Logger.error(error.message, error.stack, 'Bootstrap');
  process.exit(1);
});
