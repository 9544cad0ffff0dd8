import type { Core } from '@strapi/strapi';

export const WEBHOOK_NAME = 'pidtrymka-api';
export const WEBHOOK_EVENTS = ['entry.publish', 'entry.unpublish', 'entry.update', 'entry.delete'];
export const WEBHOOK_SECRET_HEADER = 'X-Pidtrymka-Webhook-Secret';

/**
 * Registers (or updates) the webhook to the help desk API when CMS_WEBHOOK_URL
 * is set. Strapi webhooks cannot sign payloads; the shared secret
 * CMS_WEBHOOK_SECRET travels as a static header, which the receiver compares
 * in constant time. When CMS_WEBHOOK_URL is unset, a webhook we created earlier
 * is removed.
 */
export async function ensureWebhook(strapi: Core.Strapi): Promise<void> {
  const store: any = strapi.get('webhookStore');
  const runner: any = strapi.get('webhookRunner');
  const url = process.env.CMS_WEBHOOK_URL?.trim();
  const existing = ((await store.findWebhooks()) as any[]).find((w) => w.name === WEBHOOK_NAME);

  if (!url) {
    if (existing) {
      await store.deleteWebhook(existing.id);
      runner.remove(existing);
      strapi.log.info(`[cms] removed webhook "${WEBHOOK_NAME}" (CMS_WEBHOOK_URL is not set)`);
    }
    return;
  }

  const secretValue = process.env.CMS_WEBHOOK_SECRET?.trim();
  const headers: Record<string, string> = secretValue ? { [WEBHOOK_SECRET_HEADER]: secretValue } : {};
  if (!secretValue) strapi.log.warn('[cms] CMS_WEBHOOK_URL is set but CMS_WEBHOOK_SECRET is not: webhook calls carry no secret');
  const data = { name: WEBHOOK_NAME, url, headers, events: WEBHOOK_EVENTS, isEnabled: true };

  if (!existing) {
    const created = await store.createWebhook(data);
    const webhook = await store.findWebhook(created.id);
    runner.add(webhook);
    strapi.log.info(`[cms] registered webhook "${WEBHOOK_NAME}" -> ${url}`);
    return;
  }
  const same =
    existing.url === url &&
    existing.isEnabled === true &&
    JSON.stringify(existing.headers ?? {}) === JSON.stringify(headers) &&
    JSON.stringify([...(existing.events ?? [])].sort()) === JSON.stringify([...WEBHOOK_EVENTS].sort());
  if (!same) {
    await store.updateWebhook(existing.id, data);
    const webhook = await store.findWebhook(existing.id);
    runner.update(webhook);
    strapi.log.info(`[cms] updated webhook "${WEBHOOK_NAME}" -> ${url}`);
  }
}
