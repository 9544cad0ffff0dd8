import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { OAuthCredentials, OAuthTokens } from './oauth-tokens';

/** Issue 16: the token provider of OAuth2 mailboxes against a token endpoint served on 127.0.0.1. */
describe('issue 16: OAuth2 tokens for mailboxes', () => {
  let server: Server;
  let url = '';
  const requests: Record<string, string>[] = [];
  let answer: (n: number) => [number, object] = (n) => [200, { access_token: `t${n}`, expires_in: 3600 }];
  let tokens: OAuthTokens;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push(Object.fromEntries(new URLSearchParams(body)));
        const [status, json] = answer(requests.length);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
    answer = (n) => [200, { access_token: `t${n}`, expires_in: 3600 }];
    tokens = new OAuthTokens();
  });
  afterEach(() => tokens.onApplicationShutdown());

  const google = (): OAuthCredentials => ({ mailboxId: 'm1', kind: 'oauth2-google', oauth: { clientId: 'id', tokenUrl: url }, clientSecret: 'secret', refreshToken: 'refresh-1' });

  it('Google: the refresh_token grant; the token is cached, and requests made together share one fetch', async () => {
    const [a, b] = await Promise.all([tokens.token(google()), tokens.token(google())]);
    expect([a, b]).toEqual(['t1', 't1']);
    expect(await tokens.token(google())).toBe('t1');
    expect(requests).toEqual([{ client_id: 'id', client_secret: 'secret', grant_type: 'refresh_token', refresh_token: 'refresh-1' }]);
  });

  it('Microsoft: client credentials with the Outlook scope', async () => {
    await tokens.token({ mailboxId: 'm2', kind: 'oauth2-microsoft', oauth: { clientId: 'app', tenant: 'x', tokenUrl: url }, clientSecret: 's', refreshToken: null });
    expect(requests).toEqual([{ client_id: 'app', client_secret: 's', grant_type: 'client_credentials', scope: 'https://outlook.office365.com/.default' }]);
  });

  it('a refused token is replaced once; refusing an older token keeps the fresh one', async () => {
    expect(await tokens.token(google())).toBe('t1');
    tokens.invalidate('m1', 't1');
    expect(await tokens.token(google())).toBe('t2');
    tokens.invalidate('m1', 't1');
    expect(await tokens.token(google())).toBe('t2');
    expect(requests).toHaveLength(2);
  });

  it('refreshes shortly before expiry, on its own', async () => {
    answer = (n) => [200, { access_token: `t${n}`, expires_in: 1 }];
    expect(await tokens.token(google())).toBe('t1');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(await tokens.token(google())).not.toBe('t1');
  });

  it('a failed refresh is kept with the reason (for /api/health/ready) and cleared by the next success', async () => {
    answer = () => [400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }];
    await expect(tokens.token(google())).rejects.toThrow('OAuth2 token refresh failed: 127.0.0.1');
    expect(tokens.failure('m1')?.error).toContain('invalid_grant: Token has been expired or revoked.');
    answer = (n) => [200, { access_token: `t${n}`, expires_in: 3600 }];
    expect(await tokens.token(google())).toBe('t2');
    expect(tokens.failure('m1')).toBeUndefined();
  });

  it('changed credentials (a new secret) fetch a new token at once', async () => {
    expect(await tokens.token(google())).toBe('t1');
    expect(await tokens.token({ ...google(), refreshToken: 'refresh-2' })).toBe('t2');
    expect(requests[1].refresh_token).toBe('refresh-2');
  });
});
