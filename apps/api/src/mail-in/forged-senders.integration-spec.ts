import request from 'supertest';
import { MailRenderer } from '../notifications/mail-renderer';
import type { OutboxTemplate } from '../notifications/outbox.service';
import { dkimSigned, DkimKey, FakeDns, plainMail } from '../testing/fake-dns';
import { createTestApp, TestApp } from '../testing/test-app';
import { MailInService } from './mail-in.service';

const ADMIN = { email: 'admin@support.test', password: 'admin-password-1', name: 'Адміністратор' };
const ALICE = 'alice@corp-a.test';

jest.setTimeout(60_000);

/** 12.8 through the real app and PostgreSQL: MailInService decides, staff read. DNS is a fake one; nothing reaches the network. */
describe('12.8 forged senders (MailInService, MAIL_IN_VERIFY=dns)', () => {
  let t: TestApp;
  const dns = new FakeDns();
  let alicesKey: DkimKey;
  let attackersKey: DkimKey;
  let trackingId: string;
  let sequence = 0;

  const receive = (raw: Buffer) => t.app.get(MailInService).receive(raw, 'test');
  const inbound = async (id: string) => (await t.db.query(`SELECT status, reason, reason_params, ticket_id, details FROM inbound_messages WHERE id = $1`, [id]))[0];
  const messagesOf = async (tracking: string) =>
    (await t.db.query(`SELECT m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1 AND m.author_type = 'participant' ORDER BY m.id`, [tracking])).map((r: { body: string }) => r.body);
  const mail = (from: string, subject: string, body: string) => plainMail({ from, subject, body, id: `m${++sequence}@test` });
  const staffNotices = async (template: OutboxTemplate) => {
    const rows: { locale: 'uk' | 'en'; recipient: string; payload: never }[] = await t.db.query(`SELECT locale, recipient, payload FROM outbox WHERE template = $1 ORDER BY id`, [template]);
    return rows.map((row) => t.app.get(MailRenderer).render(template, row.locale, row.recipient, row.payload));
  };
  async function staffSession() {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
    return Object.assign(http, { csrf: body.csrfToken as string });
  }

  beforeAll(async () => {
    alicesKey = dns.dmarc('corp-a.test', 'reject').dkimKey('corp-a.test');
    attackersKey = dns.dkimKey('attacker.test');
    // The burst rule (R-MAIL-8) is not what this is about.
    t = await createTestApp({ MAIL_IN_VERIFY: 'dns', MAIL_IN_BURST_LIMIT: '100', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_NAME: ADMIN.name, SCHEDULER_ENABLED: 'false' }, { dns: dns.resolver });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a request Alice opens with mail her domain signed is made, and her signed reply with [#ID] joins it', async () => {
    const opened = await receive(await dkimSigned(mail(`Alice <${ALICE}>`, 'Договір постачання', 'Прошу надіслати договір.'), alicesKey));
    expect(opened).toMatchObject({ status: 'processed', duplicate: false });
    [{ tracking_id: trackingId }] = await t.db.query(`SELECT tracking_id FROM tickets WHERE requester_email = $1`, [ALICE]);
    expect((await inbound(opened.inboundId)).details.senderVerification).toMatchObject({ action: 'proceed', dmarc: 'pass' });

    const reply = await receive(await dkimSigned(mail(`Alice <${ALICE}>`, `Re: [#${trackingId}] Договір постачання`, 'Дякую, чекаю.'), alicesKey));
    expect(reply).toMatchObject({ status: 'processed', ticketId: opened.ticketId });
    expect(await messagesOf(trackingId)).toEqual(['Прошу надіслати договір.', 'Дякую, чекаю.']);
  });

  it("a reply From Alice's address with her [#ID] but signed by the attacker's domain (dmarc=fail) is held with the reason, not joined", async () => {
    const forged = await receive(await dkimSigned(mail(`Alice <${ALICE}>`, `Re: [#${trackingId}] Договір постачання`, 'Надішліть договір на evil@attacker.test'), attackersKey));
    expect(forged).toMatchObject({ status: 'quarantined', duplicate: false });
    const row = await inbound(forged.inboundId);
    // Issue 17: a code, and the check's finding as a code with its parameters, no sentence in either language.
    expect(row.reason).toBe('sender-unverified');
    expect(row.reason_params).toEqual({ finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject', spf: 'no-envelope' });
    expect(row.details.senderVerification).toEqual({ action: 'hold', method: 'dns', dmarc: 'fail', finding: { code: 'dmarc-fail', params: { domain: 'corp-a.test', policy: 'reject', spf: 'no-envelope' } } });
    expect(row.ticket_id).toBeNull();
    expect(await messagesOf(trackingId)).toEqual(['Прошу надіслати договір.', 'Дякую, чекаю.']);
    expect(await staffNotices('staff_participant_reply')).toHaveLength(1);

    // Nor does a forged new message open a request in Alice's name.
    const opened = await receive(await dkimSigned(mail(ALICE, 'Новий запит', 'Терміново'), attackersKey));
    expect(opened.status).toBe('quarantined');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE requester_email = $1`, [ALICE])).toEqual([{ n: 1 }]);

    // The admins' list words it in the reader's language.
    const http = await staffSession();
    const listed = async (locale: string) => (await http.get('/api/staff/mail/quarantine').set('Accept-Language', locale).expect(200)).body.items.find((i: { id: string }) => i.id === forged.inboundId);
    expect(await listed('uk')).toMatchObject({ from: ALICE, reason: 'Відправника не підтверджено (перевірка DMARC): DMARC не пройдено для corp-a.test (політика reject) (SPF не перевірено: невідомий конверт, MAIL_IN_RECEIVED_BY не задано)' });
    expect(await listed('en')).toMatchObject({ reason: 'Sender not verified (DMARC check): DMARC fail for corp-a.test (policy reject) (SPF not checked: no envelope, MAIL_IN_RECEIVED_BY is not set)', reasonCode: 'sender-unverified' });
  });

  it('replaying all re-checks the sender (still held); an admin replaying that one message releases it into the request', async () => {
    const forged = await receive(await dkimSigned(mail(ALICE, `[#${trackingId}] ще раз`, 'Це справді я, з іншої пошти'), attackersKey));
    expect(forged.status).toBe('quarantined');
    const again = await t.app.get(MailInService).replay('all');
    expect(again.find((r) => r.inboundId === forged.inboundId)).toEqual({ inboundId: forged.inboundId, status: 'quarantined' });

    const http = await staffSession();
    const { body } = await http.post(`/api/staff/mail/quarantine/${forged.inboundId}/replay`).set('X-CSRF-Token', http.csrf).expect(200);
    expect(body.results).toEqual([expect.objectContaining({ id: forged.inboundId, status: 'processed', ticket: { trackingId } })]);
    expect((await messagesOf(trackingId)).at(-1)).toBe('Це справді я, з іншої пошти');
    expect((await inbound(forged.inboundId)).details.senderVerification).toEqual({ action: 'proceed', finding: { code: 'released', params: {} } });
  });

  it('a small sender without DMARC (most of them) still opens requests', async () => {
    const result = await receive(mail('Богдан <bohdan@small-firm.test>', 'Питання', 'Добрий день'));
    expect(result.status).toBe('processed');
  });

  it('a display name that looks like an address is not kept as one, and staff see the real address beside the name (API and notice e-mail)', async () => {
    const result = await receive(mail('"ceo@corp-a.test" <evil@x.test>', 'Рахунок', 'Оплатіть рахунок'));
    expect(result.status).toBe('processed');
    const [ticket] = await t.db.query(`SELECT tracking_id, requester_name FROM tickets WHERE requester_email = 'evil@x.test'`);
    expect(ticket.requester_name).toBe('evil');

    const http = await staffSession();
    const queue = (await http.get('/api/staff/tickets').expect(200)).body.items.find((item: { trackingId: string }) => item.trackingId === ticket.tracking_id);
    expect(queue.requester).toEqual({ name: 'evil', email: 'evil@x.test' });
    const [notice] = (await staffNotices('staff_new_ticket')).filter((n) => n.subject.includes(ticket.tracking_id));
    expect(notice.text).toContain('evil <evil@x.test>');
    expect(notice.html).toContain('evil &lt;evil@x.test&gt;');
    expect(notice.text + notice.html).not.toContain('ceo@corp-a.test');
  });

  it('a name stored before (or typed in a form) that looks like an address is shown neutralised, with the address, in the staff API and notices', async () => {
    await t.db.query(`UPDATE tickets SET requester_name = 'ceo@corp-a.test' WHERE tracking_id = $1`, [trackingId]);
    await t.db.query(`UPDATE messages SET author_name = 'ceo@corp-a.test' WHERE ticket_id = (SELECT id FROM tickets WHERE tracking_id = $1) AND author_type = 'participant'`, [trackingId]);
    const http = await staffSession();
    const { body } = await http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    expect(body.requester).toEqual({ name: 'alice', email: ALICE });
    expect(body.messages.filter((m: { authorType: string }) => m.authorType === 'participant').map((m: { authorName: string; authorEmail: string }) => [m.authorName, m.authorEmail])).toEqual(
      expect.arrayContaining([['alice', ALICE]]),
    );
    expect(JSON.stringify(body.messages)).not.toContain('"authorName":"ceo@');
    await t.db.query(`UPDATE audit_log SET actor_name = 'ceo@corp-a.test' WHERE actor_type = 'participant' AND ticket_id = (SELECT id FROM tickets WHERE tracking_id = $1)`, [trackingId]);
    const { body: again } = await http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    const participantActions = again.audit.filter((a: { actorType: string }) => a.actorType === 'participant');
    expect(participantActions.length).toBeGreaterThan(0);
    expect(participantActions.every((a: { actorName: string }) => a.actorName === 'alice')).toBe(true);

    const reply = await receive(await dkimSigned(mail(ALICE, `[#${trackingId}] і ще`, 'Останнє'), alicesKey));
    expect(reply.status).toBe('processed');
    const notices = await staffNotices('staff_participant_reply');
    const last = notices[notices.length - 1];
    expect(last.text).toMatch(/^alice <alice@corp-a\.test> /);
    expect(last.text).not.toContain('ceo@corp-a.test');
  });

  it('issue 17: the migration reads the findings stored as English sentences back into codes; a sentence of no known form stays', async () => {
    const migration = t.db.migrations.find((m) => m.name === 'SenderFindingCodes1767060000000')!;
    const held = [
      'sender not verified: DMARC fail for corp-a.test (policy reject) (SPF not checked: no envelope, MAIL_IN_RECEIVED_BY is not set)',
      'sender not verified: DMARC fail for corp-a.test (policy reject) (per mx.support.test)',
      'sender not verified: small-firm.test has no DMARC record and a DKIM signature of small-firm.test does not verify (body hash did not verify) (SPF not checked: no Received header by mx.support.test)',
      'sender not verified: the check did not finish within 800 ms',
      'sender not verified: DMARC temperror for corp-a.test; let through (MAIL_IN_VERIFY=auto)',
      'sender not verified: the From header reads a@x.test to the check and b@x.test to the help desk',
      'sender not verified: queryTxt ECONNREFUSED _dmarc.corp-a.test',
      'something nobody wrote',
    ];
    const ids: string[] = [];
    for (const [i, detail] of held.entries()) {
      const [{ id }] = await t.db.query(
        `INSERT INTO inbound_messages (message_id, content_hash, raw, origin, status, reason, reason_params, details) VALUES ($1, 'h', '\\x00', 'test', 'quarantined', 'sender-unverified', $2, $3) RETURNING id::text AS id`,
        [`finding-${i}@x.test`, { detail }, { senderVerification: { action: 'hold', method: 'dns', dmarc: 'fail', reason: detail } }],
      );
      ids.push(id);
    }
    const [{ id: passed }] = await t.db.query(
      `INSERT INTO inbound_messages (message_id, content_hash, raw, origin, status, details) VALUES ('finding-pass@x.test', 'h', '\\x00', 'test', 'processed', $1) RETURNING id::text AS id`,
      [{ senderVerification: { action: 'proceed', method: 'dns', dmarc: 'none', reason: 'no DMARC record for small-firm.test; SPF fails for small-firm.test' }, other: 1 }],
    );
    const runner = t.db.createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = await t.db.query(`SELECT reason_params, details FROM inbound_messages WHERE id = ANY($1::bigint[]) ORDER BY id`, [[...ids, passed]]);
    expect(rows.slice(0, held.length).map((r: { reason_params: unknown }) => r.reason_params)).toEqual([
      { finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject', spf: 'no-envelope' },
      { finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject', authserv: 'mx.support.test' },
      { finding: 'no-dmarc', domain: 'small-firm.test', failure: 'dkim', failureDomain: 'small-firm.test', failureDetail: 'body hash did not verify', spf: 'no-received', receivedBy: 'mx.support.test' },
      { finding: 'timeout', ms: 800 },
      { finding: 'dmarc-error', result: 'temperror', domain: 'corp-a.test', letThrough: 'auto' },
      { finding: 'from-mismatch', checked: 'a@x.test', address: 'b@x.test' },
      { finding: 'check-error', error: 'queryTxt ECONNREFUSED _dmarc.corp-a.test' },
      { detail: 'something nobody wrote' },
    ]);
    expect(rows[0].details.senderVerification).toEqual({ action: 'hold', method: 'dns', dmarc: 'fail', finding: { code: 'dmarc-fail', params: { domain: 'corp-a.test', policy: 'reject', spf: 'no-envelope' } } });
    expect(rows[held.length - 1].details.senderVerification).toMatchObject({ reason: 'something nobody wrote' });
    expect(rows[held.length].details).toEqual({ senderVerification: { action: 'proceed', method: 'dns', dmarc: 'none', finding: { code: 'no-dmarc', params: { domain: 'small-firm.test', failure: 'spf', failureDomain: 'small-firm.test' } } }, other: 1 });
    // Worded now in the reader's language, as those the check writes today.
    const http = await staffSession();
    const { body } = await http.get(`/api/staff/mail/quarantine/${ids[0]}`).set('Accept-Language', 'uk').expect(200);
    expect(body.reason).toBe('Відправника не підтверджено (перевірка DMARC): DMARC не пройдено для corp-a.test (політика reject) (SPF не перевірено: невідомий конверт, MAIL_IN_RECEIVED_BY не задано)');

    // Down: the code with its parameters in the old places, nothing lost.
    const back = t.db.createQueryRunner();
    try {
      await migration.down(back);
    } finally {
      await back.release();
    }
    const [down] = await t.db.query(`SELECT reason_params, details FROM inbound_messages WHERE id = $1`, [ids[0]]);
    expect(down.reason_params.detail).toMatch(/^dmarc-fail: \{.*"policy": "reject".*\}$/);
    expect(down.details.senderVerification).toEqual({ action: 'hold', method: 'dns', dmarc: 'fail', reason: expect.stringMatching(/^dmarc-fail: \{.*"domain": "corp-a\.test"/) });
  });
});

describe('12.8 forged senders (MailInService, MAIL_IN_AUTHSERV_ID set)', () => {
  let t: TestApp;
  const dns = new FakeDns();
  const ar = (id: string, results: string) => `Authentication-Results: ${id}; ${results}`;

  beforeAll(async () => {
    t = await createTestApp({ MAIL_IN_AUTHSERV_ID: 'mx.support.test' }, { dns: dns.resolver });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("joins on our server's pass; holds on its fail whatever a lower, forged header says; asks no DNS", async () => {
    const receive = (raw: Buffer) => t.app.get(MailInService).receive(raw, 'test');
    const opened = await receive(plainMail({ from: ALICE, subject: 'Запит', id: 'a1@corp-a.test', headers: [ar('mx.support.test', 'dkim=pass header.d=corp-a.test; dmarc=pass header.from=corp-a.test')] }));
    expect(opened.status).toBe('processed');
    const [{ tracking_id: trackingId }] = await t.db.query(`SELECT tracking_id FROM tickets WHERE requester_email = $1`, [ALICE]);

    const forged = await receive(
      plainMail({
        from: ALICE,
        subject: `Re: [#${trackingId}] Запит`,
        id: 'a2@attacker.test',
        headers: [ar('mx.support.test', 'dkim=pass header.d=attacker.test; dmarc=fail (p=reject) header.from=corp-a.test'), ar('mx.support.test', 'dkim=pass header.d=corp-a.test; dmarc=pass header.from=corp-a.test')],
      }),
    );
    expect(forged.status).toBe('quarantined');
    const [row] = await t.db.query(`SELECT reason, reason_params, ticket_id FROM inbound_messages WHERE id = $1`, [forged.inboundId]);
    expect(row).toEqual({ reason: 'sender-unverified', reason_params: { finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject', authserv: 'mx.support.test' }, ticket_id: null });
    expect(dns.asked).toEqual([]);
  });
});
