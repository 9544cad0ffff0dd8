// First: the umask and the compile cache, before any other module loads.
import './process-setup';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { runPrimary, workerCount } from './cluster';
import { MailTemplates } from './notifications/mail-templates';
import { loadAppSettings } from './plugins/app-settings';

async function main(): Promise<void> {
  if (cluster.isPrimary) {
    // Plugins' settings too: a worker refusing to start would be restarted for ever.
    const { config } = loadAppSettings(process.env);
    const workers = workerCount(config.apiWorkers, config.databaseUrl);
    if (workers > 1) {
      // Each worker checks the mail templates as it starts; a broken one must stop the start here, not fail every worker restarted.
      MailTemplates.load(config.mailTemplatesDir);
      return runPrimary(config, workers);
    }
  }
  // Loaded only where an API runs (issue 14): a cluster's primary never builds the app, so it holds
  // neither Nest's core, Express, the OpenAPI scanner nor any domain module, only what it does itself.
  const { bootstrap } = await import('./bootstrap');
  return bootstrap();
}

main().catch((error: Error) => {
  Logger.error(error.message, error.stack, 'Bootstrap');
  process.exit(1);
});
