import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { isClusterWorker } from './cluster';
import { AppConfig } from './config/app-config';
import { makeDataDirPrivate } from './config/data-dir-secret';

/** One whole API: the only process when it runs alone, else each cluster worker. */
export async function bootstrap(): Promise<void> {
  // Buffered until configureApp hands Nest the pino logger (JSON lines at LOG_LEVEL).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), { bufferLogs: true, bodyParser: false });
  configureApp(app);
  const config = app.get(AppConfig);
  if (!isClusterWorker()) {
    // After the database (an embedded PostgreSQL sets its folder's parent up first): what an older installation left readable.
    const corrected = await makeDataDirPrivate(config.dataDir, { embeddedDatabase: !config.databaseUrl });
    if (corrected) Logger.log(`DATA_DIR made private to this account: ${corrected} ${corrected === 1 ? 'file or folder' : 'files and folders'} readable by others corrected (${config.dataDir})`, 'Bootstrap');
  } else {
    // The primary gone (killed, crashed): a worker alone would hold the port and the mailbox with nobody to restart it.
    process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
  }
  await app.listen(config.port);
  Logger.log(`Pidtrymka API on http://localhost:${config.port}/api (OpenAPI: /api/docs, health: /api/health/ready)`, 'Bootstrap');
}
