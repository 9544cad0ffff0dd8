// For tests that need the real CMS: a database (as for every integration
// test), then Strapi from cms/ on a free port with throwaway tokens, whose
// webhook calls an API the test will start on TEST_API_PORT.
import { randomBytes } from 'node:crypto';
import { startCms } from '../../cms/scripts/start-for-tests.mjs';
import databaseSetup from './database.global-setup.mjs';
import { freePort } from './free-port.js';

export default async function globalSetup() {
  await databaseSetup();
  const apiPort = await freePort();
  const webhookSecret = randomBytes(24).toString('hex');
  const cms = await startCms({ webhookUrl: `http://127.0.0.1:${apiPort}/api/kb/webhooks/cms`, webhookSecret });
  Object.assign(process.env, {
    TEST_API_PORT: String(apiPort),
    TEST_CMS_URL: cms.url,
    TEST_CMS_PID: String(cms.pid),
    TEST_CMS_API_TOKEN: cms.apiToken,
    TEST_CMS_ADMIN_TOKEN: cms.adminApiToken,
    TEST_CMS_WEBHOOK_SECRET: webhookSecret,
  });
  globalThis.__cms = cms;
}
