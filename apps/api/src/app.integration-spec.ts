import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestApp, TestApp } from './testing/test-app';

/** The committed contract: an API change shows in review as a change of this file. */
const OPENAPI_FILE = resolve(__dirname, '../openapi.json');

describe('the API as a whole', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports its health and its database', async () => {
    await t.http.get('/api/health').expect(200, { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } });
  });

  it('documents every route in OpenAPI, at /api/docs-json and as a page at /api/docs', async () => {
    const { body } = await t.http.get('/api/docs-json').expect(200);
    const operations = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/health/live',
        'GET /api/health/ready',
        'GET /api/kb/categories',
        'GET /api/kb/articles',
        'GET /api/kb/articles/{slug}',
        'GET /api/kb/suggest',
        'POST /api/kb/webhooks/cms',
        'GET /api/categories',
        'GET /api/captcha',
        'GET /api/attachments/limits',
        'POST /api/tickets',
        'POST /api/tickets/remind',
        'POST /api/tickets/{trackingId}/close',
        'POST /api/tickets/{trackingId}/messages/{messageId}/rating',
        'POST /api/tickets/{trackingId}/reopen',
        'GET /api/tickets/{trackingId}',
        'POST /api/tickets/{trackingId}/replies',
        'POST /api/tickets/{trackingId}/satisfaction',
        'GET /api/tickets/{trackingId}/attachments/{attachmentId}',
        'GET /api/tickets/{trackingId}/attachments/{attachmentId}/preview',
        'POST /api/participant/auth/link',
        'POST /api/participant/auth/redeem',
        'GET /api/participant/auth/session',
        'POST /api/participant/auth/sign-out',
        'POST /api/participant/auth/sign-out-everywhere',
        'GET /api/participant/requests',
        'GET /api/participant/organisations',
        'GET /api/participant/requests/{trackingId}',
        'POST /api/participant/requests/{trackingId}/replies',
        'GET /api/participant/requests/{trackingId}/attachments/{attachmentId}',
        'GET /api/participant/requests/{trackingId}/attachments/{attachmentId}/preview',
        'PUT /api/participant/requests/{trackingId}/visibility',
        'GET /api/participant/requests/{trackingId}/copies',
        'PUT /api/participant/requests/{trackingId}/copies',
        'POST /api/staff/auth/sign-in',
        'GET /api/staff/auth/session',
        'POST /api/staff/auth/sign-out',
        'POST /api/staff/auth/password',
        'POST /api/staff/auth/totp/setup',
        'POST /api/staff/auth/totp/enable',
        'GET /api/staff/accounts',
        'POST /api/staff/accounts',
        'PATCH /api/staff/accounts/{id}',
        'GET /api/staff/tickets',
        'GET /api/staff/tickets/counts',
        'GET /api/staff/tickets/{trackingId}',
        'PATCH /api/staff/tickets/{trackingId}',
        'POST /api/staff/tickets/{trackingId}/messages',
        'POST /api/staff/tickets/{trackingId}/merge',
        'GET /api/staff/tickets/{trackingId}/organisation',
        'GET /api/staff/tickets/{trackingId}/related',
        'GET /api/staff/tickets/{trackingId}/drafts',
        'PUT /api/staff/tickets/{trackingId}/drafts/{kind}',
        'DELETE /api/staff/tickets/{trackingId}/drafts/{kind}',
        'POST /api/staff/tickets/bulk',
        'POST /api/staff/tickets/{trackingId}/tags',
        'DELETE /api/staff/tickets/{trackingId}/tags/{name}',
        'GET /api/staff/tags',
        'POST /api/staff/tags',
        'PATCH /api/staff/tags/{id}',
        'DELETE /api/staff/tags/{id}',
        'GET /api/staff/views',
        'POST /api/staff/views',
        'PATCH /api/staff/views/{id}',
        'DELETE /api/staff/views/{id}',
        'GET /api/staff/copies/pending',
        'POST /api/staff/copies/{id}/approve',
        'POST /api/staff/copies/{id}/refuse',
        'GET /api/staff/organisations',
        'GET /api/staff/organisations/export.csv',
        'GET /api/staff/organisations/{id}',
        'POST /api/staff/organisations',
        'PATCH /api/staff/organisations/{id}',
      'PATCH /api/staff/profile',
        'POST /api/staff/organisations/{id}/merge',
        'POST /api/staff/organisations/import',
        'GET /api/staff/tickets/{trackingId}/attachments/{attachmentId}',
        'GET /api/staff/tickets/{trackingId}/attachments/{attachmentId}/preview',
        'GET /api/staff/canned-responses',
        'POST /api/staff/canned-responses',
        'PUT /api/staff/canned-responses/{id}',
        'DELETE /api/staff/canned-responses/{id}',
        'GET /api/staff/tickets/{trackingId}/canned-responses/{id}',
        'GET /api/staff/mail/counts',
        'GET /api/staff/mail/quarantine',
        'GET /api/staff/mail/quarantine/{id}',
        'GET /api/staff/mail/quarantine/{id}/raw',
        'POST /api/staff/mail/quarantine/{id}/replay',
        'POST /api/staff/mail/quarantine/{id}/dismiss',
      'POST /api/staff/mail/quarantine/{id}/open-request',
        'POST /api/staff/mail/quarantine/replay-all',
        'GET /api/staff/mail/failed',
        'GET /api/staff/mail/kept',
        'GET /api/staff/mail/kept/{id}',
        'GET /api/staff/mail/kept/{id}/raw',
        'GET /api/staff/mail/outgoing-held',
        'GET /api/staff/mail/messages/{messageId}/original',
        'POST /api/staff/mail/failed/{id}/retry',
        'POST /api/staff/mail/kept/{id}/release',
        'POST /api/staff/mail/outgoing-held/release-all',
        'POST /api/staff/mail/outgoing-held/{id}/release',
        'POST /api/staff/mail/failed/retry-all',
        'GET /api/staff/team',
        'GET /api/staff/webhooks',
        'POST /api/staff/webhooks',
        'PATCH /api/staff/webhooks/{id}',
        'DELETE /api/staff/webhooks/{id}',
        'POST /api/staff/webhooks/{id}/rotate-secret',
        'GET /api/staff/webhooks/{id}/deliveries',
        'POST /api/staff/webhooks/{id}/deliveries/{eventId}/resend',
        'POST /api/staff/webhooks/{id}/ping',
        'GET /api/staff/mailboxes',
        'GET /api/staff/mailboxes/{id}',
        'POST /api/staff/mailboxes',
        'PATCH /api/staff/mailboxes/{id}',
        'DELETE /api/staff/mailboxes/{id}',
        'GET /api/staff/live',
        'POST /api/staff/tickets/{trackingId}/presence',
        'GET /api/staff/reports',
        'GET /api/staff/reports/export',
        'GET /api/staff/sla/calendars',
        'POST /api/staff/sla/calendars',
        'PUT /api/staff/sla/calendars/{id}',
        'DELETE /api/staff/sla/calendars/{id}',
        'GET /api/staff/sla/holidays',
        'GET /api/staff/sla/policies',
        'POST /api/staff/sla/policies',
        'PUT /api/staff/sla/policies/{id}',
        'DELETE /api/staff/sla/policies/{id}',
      ].sort(),
    );
    // Issue 13: security as StaffAuthGuard checks it — the session cookie on every staff route but sign-in,
    // the CSRF header too on a state-changing one; the participant's own space likewise with its own cookie;
    // everything else public (or the CMS webhook's secret).
    for (const [path, methods] of Object.entries(body.paths as Record<string, Record<string, { security?: unknown }>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        const expected =
          path.startsWith('/api/staff/') && path !== '/api/staff/auth/sign-in'
            ? [method === 'get' ? { staffSession: [] } : { staffSession: [], csrfToken: [] }]
            : path.startsWith('/api/participant/') && path !== '/api/participant/auth/link' && path !== '/api/participant/auth/redeem'
              ? // Issue 18: ParticipantAuthGuard checks the participant's cookie, and the CSRF header on a state-changing call.
                [method === 'get' ? { participantSession: [] } : { participantSession: [], csrfToken: [] }]
              : path === '/api/kb/webhooks/cms'
              ? [{ cmsWebhookSecret: [] }]
              : [];
        expect({ operation: `${method} ${path}`, security: operation.security }).toEqual({ operation: `${method} ${path}`, security: expected });
      }
    }
    expect(body.paths['/api/tickets'].post.requestBody.content).toHaveProperty(['multipart/form-data']);
    expect(body.components.schemas.CreateTicketDto.properties.name.maxLength).toBe(50);
    const page = await t.http.get('/api/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
  });

  it('matches the committed OpenAPI document, apps/api/openapi.json (UPDATE_OPENAPI=1 rewrites it)', async () => {
    const { body } = await t.http.get('/api/docs-json').expect(200);
    const current = `${JSON.stringify(body, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(OPENAPI_FILE, current);
    const committed = existsSync(OPENAPI_FILE) ? readFileSync(OPENAPI_FILE, 'utf8') : '';
    // A plain equality keeps jest from printing the whole document; the hint says how to update it.
    if (committed !== current) throw new Error('The OpenAPI document changed: run `npm run openapi` and commit apps/api/openapi.json');
  });

  it('sends security headers on every answer', async () => {
    const { headers } = await t.http.get('/api/categories').expect(200);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-powered-by']).toBeUndefined();
    // PUBLIC_URL is http:// here: upgrading the page's requests to https would break it.
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('asks browsers to upgrade insecure requests where the portal is served over https', async () => {
    const secure = await createTestApp({ PUBLIC_URL: 'https://support.example.com' });
    try {
      const { headers } = await secure.http.get('/api/categories').expect(200);
      expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await secure.close();
    }
  });

  it('answers a path with broken percent-encoding with 400, not 500', async () => {
    await t.http.get('/api/tickets/%E0%A4%A').query({ email: 'a@b.c' }).expect(400);
  });
});
