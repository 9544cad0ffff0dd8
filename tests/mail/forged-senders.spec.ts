import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { plainMail } from '../../apps/api/src/testing/fake-dns';
import { createTestApp, TestApp } from '../../apps/api/src/testing/test-app';

jest.setTimeout(60_000);

const repoRoot = join(__dirname, '..', '..');
const ALICE = 'alice@corp-a.test';

function pipe(env: Record<string, string>, stdin: Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(repoRoot, 'apps/api/dist/mail-in/cli/mail-pipe.js')], { env: { ...process.env, ...env }, cwd: repoRoot }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

/**
 * 12.8 through `npm run mail:pipe` (the built CLI an MTA calls), with our MX's
 * authserv-id set: the command needs no DNS at all, so nothing here reaches
 * the network.
 */
describe('12.8 forged senders: mail:pipe with MAIL_IN_AUTHSERV_ID', () => {
  let t: TestApp;
  let env: Record<string, string>;
  const ar = (id: string, results: string) => `Authentication-Results: ${id};\r\n\t${results}`;

  beforeAll(async () => {
    t = await createTestApp();
    env = { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, MAIL_IN_VERIFY: 'authserv', MAIL_IN_AUTHSERV_ID: 'mx.support.test', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('joins what our MX passed; holds, with the reason, a forged reply whose lower header claims dmarc=pass; holds one our MX did not stamp', async () => {
    const opened = await pipe(env, plainMail({ from: `Alice <${ALICE}>`, subject: 'Договір', id: 'p1@corp-a.test', headers: [ar('mx.support.test', 'dkim=pass header.d=corp-a.test; spf=pass smtp.mailfrom=corp-a.test; dmarc=pass (p=REJECT) header.from=corp-a.test')] }));
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ status: 'processed' });
    const [{ tracking_id: trackingId }] = await t.db.query(`SELECT tracking_id FROM tickets WHERE requester_email = $1`, [ALICE]);

    const forged = await pipe(
      env,
      plainMail({
        from: `Alice <${ALICE}>`,
        subject: `Re: [#${trackingId}] Договір`,
        id: 'p2@attacker.test',
        body: 'Новий рахунок для оплати',
        headers: [
          ar('mx.support.test', 'dkim=pass header.d=attacker.test; spf=pass smtp.mailfrom=attacker.test; dmarc=fail (p=REJECT) header.from=corp-a.test'),
          'Received: from [203.0.113.66] by mx.support.test; Fri, 27 Nov 2026 09:59:00 +0000',
          ar('mx.support.test', 'dkim=pass header.d=corp-a.test; dmarc=pass header.from=corp-a.test'),
        ],
      }),
    );
    expect(forged.code).toBe(0);
    const held = JSON.parse(forged.stdout);
    expect(held).toMatchObject({ status: 'quarantined' });
    expect(await t.db.query(`SELECT reason, reason_params, ticket_id FROM inbound_messages WHERE id = $1`, [held.inboundId])).toEqual([
      { reason: 'sender-unverified', reason_params: { finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject', authserv: 'mx.support.test' }, ticket_id: null },
    ]);

    const unstamped = await pipe(env, plainMail({ from: ALICE, subject: `[#${trackingId}] x`, id: 'p3@attacker.test', headers: [ar('mx.attacker.test', 'dmarc=pass header.from=corp-a.test')] }));
    expect(JSON.parse(unstamped.stdout)).toMatchObject({ status: 'quarantined' });

    const bodies = await t.db.query(`SELECT m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1 AND m.author_type = 'participant'`, [trackingId]);
    expect(bodies).toEqual([{ body: 'Текст листа' }]);
  });

  it('MAIL_IN_VERIFY=authserv without MAIL_IN_AUTHSERV_ID is refused at start: the message is not recorded, the MTA keeps it', async () => {
    const result = await pipe({ ...env, MAIL_IN_AUTHSERV_ID: '' }, plainMail({ from: ALICE, subject: 'x', id: 'p4@corp-a.test' }));
    expect(result.code).toBe(75);
    expect(result.stderr).toMatch(/MAIL_IN_VERIFY=authserv needs MAIL_IN_AUTHSERV_ID/);
  });
});
