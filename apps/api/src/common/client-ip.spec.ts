import express from 'express';
import request from 'supertest';
import { fasterClientIp } from './client-ip';

type Ips = { ips: string[]; protocol: string };

/** An app with `trust` (TRUST_PROXY's default: loopback), counting proxy-addr's checks, whose handler reads req.ip three times. */
function appCountingTrustChecks(faster: boolean, trustSetting: string | number | boolean = 'loopback') {
  const app = express();
  app.set('trust proxy', trustSetting);
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const counted = { checks: 0 };
  app.set('trust proxy fn', (address: string, hop: number) => {
    counted.checks++;
    return trust(address, hop);
  });
  if (faster) fasterClientIp(app);
  app.get('/ip', (req, res) => {
    res.json({ ips: [req.ip, req.ip, req.ip], protocol: req.protocol });
  });
  return { app, counted };
}

async function ipsOf(app: express.Express, forwardedFor?: string, forwardedProto?: string): Promise<Ips> {
  let call = request(app).get('/ip');
  if (forwardedFor) call = call.set('X-Forwarded-For', forwardedFor);
  if (forwardedProto) call = call.set('X-Forwarded-Proto', forwardedProto);
  return (await call).body as Ips;
}

describe('fasterClientIp', () => {
  it('answers what Express answers, behind a proxy and without one, whatever TRUST_PROXY says', async () => {
    for (const setting of ['loopback', '10.0.0.0/8', 'loopback, 10.0.0.0/8', 1, 2, true, false]) {
      for (const forwardedFor of ['203.0.113.7', '198.51.100.1, 203.0.113.7', '10.1.2.3, 127.0.0.1', undefined]) {
        const plain = await ipsOf(appCountingTrustChecks(false, setting).app, forwardedFor, 'https');
        const faster = await ipsOf(appCountingTrustChecks(true, setting).app, forwardedFor, 'https');
        expect({ setting, forwardedFor, ...faster }).toEqual({ setting, forwardedFor, ...plain });
      }
    }
    expect((await ipsOf(appCountingTrustChecks(true).app, '198.51.100.1, 203.0.113.7')).ips).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
  });

  it('works the address out once per request, and checks an address against the subnets once', async () => {
    const { app, counted } = appCountingTrustChecks(true);
    await ipsOf(app, '203.0.113.7');
    // The socket's loopback address, once for the three reads of req.ip and req.protocol's look at X-Forwarded-Proto.
    expect(counted.checks).toBe(1);
    await ipsOf(app, '203.0.113.8');
    expect(counted.checks).toBe(1);
    // The socket's address as before, then 198.51.100.4 (not trusted, so the client): one new check.
    expect((await ipsOf(app, '203.0.113.9, 198.51.100.4')).ips[0]).toBe('198.51.100.4');
    expect(counted.checks).toBe(2);
  });

  it('gives each request its own answer', async () => {
    const { app } = appCountingTrustChecks(true);
    const answers = await Promise.all(['203.0.113.1', '203.0.113.2'].map((ip) => ipsOf(app, ip)));
    expect(answers.map((answer) => answer.ips[0])).toEqual(['203.0.113.1', '203.0.113.2']);
  });

  it('keeps a bounded number of verdicts, answering the same past the bound', async () => {
    const { app } = appCountingTrustChecks(true);
    for (let i = 0; i < 1100; i += 50) expect((await ipsOf(app, `203.0.${i >> 8}.${i & 255}, 127.0.0.1`)).ips[0]).toBe(`203.0.${i >> 8}.${i & 255}`);
  });
});
