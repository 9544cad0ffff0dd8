import type { Core } from '@strapi/strapi';
import { secret } from '../src/utils/runtime-secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: {
    keys: secret('APP_KEYS').split(',').map((k) => k.trim()).filter(Boolean),
  },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
});

export default config;
