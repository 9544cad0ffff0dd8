import request from 'supertest';
import type { Locale } from '@pidtrymka/contracts';
import { MailRenderer } from '../notifications/mail-renderer';
import { fileSamples } from '../testing/file-samples';
import { signInStaff, StaffTestSession } from '../testing/staff-session';
import { createTestApp, TestApp } from '../testing/test-app';
import { AttachmentsService } from './attachments.service';

const ADMIN = { email: 'previews-admin@oree.test', password: 'admin-password-1', name: 'Адміністраторка' };
const AGENT = { email: 'previews-agent@oree.test', password: 'agent-password-1', name: 'Агент Ключів' };
const KEYS_CATEGORY = 3;
const OTHER_CATEGORY = 1;
const AUTHOR = { name: 'ТОВ «Хвиля»', email: 'author@hvylia.test' };
const RIVAL = { name: 'ТОВ «Буря»', email: 'rival@burya.test' };

/** The raw bytes of an answer, whatever its type. */
function bytes(test: request.Test): request.Test {
  return test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

jest.setTimeout(60_000);

/**
 * Issue 17, attachment previews: `…/attachments/{id}/preview` serves a file inline only when its
 * bytes, sniffed at each answer, are a raster image, a PDF or UTF-8 text, with nosniff and a
 * sandboxing policy; anything else (an SVG or an HTML page called .png among them) as the download.
 * The same access checks as the downloads: staff by category, participants by address or session.
 */
describe('attachment previews (issue 17)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let trackingId: string;
  let ids: Record<string, string>;
  let author: string;
  let rival: string;

  const http = () => request(t.app.getHttpServer());

  async function participantCookie(email: string): Promise<string> {
    await http().post('/api/participant/auth/link').send({ email }).expect(202);
    const [row]: { recipient: string; locale: Locale; payload: { token: string; minutes: number } }[] = await t.db.query(
      `SELECT recipient, locale, payload FROM outbox WHERE template = 'participant_sign_in' AND recipient = $1 ORDER BY id DESC LIMIT 1`,
      [email],
    );
    const mail = t.app.get(MailRenderer).render('participant_sign_in', row.locale, row.recipient, row.payload);
    const token = decodeURIComponent(/\/my-requests\/sign-in#([A-Za-z0-9_%-]+)/.exec(mail.text)![1]);
    const answer = await http().post('/api/participant/auth/redeem').send({ token }).expect(200);
    return (answer.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pidtrymka_participant='))!.split(';')[0];
  }

  /**
   * A file the upload check would refuse (its bytes contradict its name), recorded as if it had got
   * in anyway (a file from before the check, an operator's extension) and with its preview column
   * claiming an image: the answer must go by the bytes, not by the row.
   */
  async function smuggle(filename: string, content: Buffer): Promise<string> {
    const [message]: { id: string; ticket_id: string }[] = await t.db.query(
      `SELECT m.id::text, m.ticket_id FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1 ORDER BY m.id LIMIT 1`,
      [trackingId],
    );
    const service = t.app.get(AttachmentsService);
    const stored = await service.storeAll([{ originalname: filename, buffer: content }]);
    expect(stored[0].preview).toBe('none');
    const [row] = await service.record(t.db.manager, message.ticket_id, message.id, [{ ...stored[0], preview: 'image' }]);
    return row.id;
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_NAME: ADMIN.name, ATTACHMENT_MAX_COUNT: '6' });
    admin = await signInStaff(t, ADMIN);
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    agent = await signInStaff(t, AGENT);

    const form = http().post('/api/tickets').field({ ...AUTHOR, subject: 'Скриншот помилки', message: 'Додаю файли.', categoryId: String(OTHER_CATEGORY) });
    form.attach('attachments', fileSamples.png, 'скриншот.png');
    form.attach('attachments', fileSamples.pdf, 'акт.pdf');
    form.attach('attachments', Buffer.from('<script>alert(1)</script> журнал\n'), 'journal.txt');
    form.attach('attachments', fileSamples.docx, 'договір.docx');
    form.attach('attachments', Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xb3, 0xf2, 0x0a]), 'cp1251.txt');
    const created = await form.expect(201);
    trackingId = created.body.trackingId;
    const { body } = await http().get(`/api/tickets/${trackingId}`).query({ email: AUTHOR.email }).expect(200);
    ids = Object.fromEntries(body.messages[0].attachments.map((a: { filename: string; id: string }) => [a.filename, a.id]));
    ids.svg = await smuggle('logo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'));
    ids.html = await smuggle('photo.png', fileSamples.html);

    author = await participantCookie(AUTHOR.email);
    await http().post('/api/tickets').field({ ...RIVAL, subject: 'Свій запит', message: 'Текст.' }).expect(201);
    rival = await participantCookie(RIVAL.email);
  });
  afterAll(() => t?.close());

  const staffPreview = (s: StaffTestSession, id: string) => bytes(s.http.get(`/api/staff/tickets/${trackingId}/attachments/${id}/preview`));

  it('tells each page which preview applies, from the bytes: image, pdf, text (UTF-8 only) or none', async () => {
    const { body } = await http().get(`/api/tickets/${trackingId}`).query({ email: AUTHOR.email }).expect(200);
    const kinds = Object.fromEntries(body.messages[0].attachments.map((a: { filename: string; preview: string }) => [a.filename, a.preview]));
    expect(kinds).toEqual({ 'скриншот.png': 'image', 'акт.pdf': 'pdf', 'journal.txt': 'text', 'договір.docx': 'none', 'cp1251.txt': 'none', 'logo.png': 'image', 'photo.png': 'image' });
    const staffView = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    expect(staffView.body.messages[0].attachments).toContainEqual(expect.objectContaining({ filename: 'journal.txt', preview: 'text', inspections: [] }));
    const mine = await http().get(`/api/participant/requests/${trackingId}`).set('Cookie', author).expect(200);
    expect(mine.body.messages[0].attachments).toContainEqual(expect.objectContaining({ filename: 'скриншот.png', preview: 'image' }));
  });

  it('serves an image inline under its own type, with nosniff and a policy that runs nothing, to staff and to the participant', async () => {
    for (const answer of [
      await staffPreview(admin, ids['скриншот.png']).expect(200),
      await bytes(http().get(`/api/participant/requests/${trackingId}/attachments/${ids['скриншот.png']}/preview`).set('Cookie', author)).expect(200),
      await bytes(http().get(`/api/tickets/${trackingId}/attachments/${ids['скриншот.png']}/preview`).query({ email: AUTHOR.email })).expect(200),
    ]) {
      expect(Buffer.compare(answer.body, fileSamples.png)).toBe(0);
      expect(answer.headers['content-type']).toBe('image/png');
      expect(answer.headers['content-disposition']).toMatch(/^inline; filename="[^"]*\.png"; filename\*=UTF-8''%D1%81%D0%BA/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['content-security-policy']).toBe("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'");
      expect(answer.headers['cache-control']).toBe('private, no-store');
    }
  });

  it('serves a PDF inline and text as text/plain; charset=utf-8, each sandboxed', async () => {
    const pdf = await staffPreview(admin, ids['акт.pdf']).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline; /);
    expect(pdf.headers['content-security-policy']).toContain('sandbox');
    // Markup in a text file stays text: the browser is told so and may not guess otherwise.
    const text = await staffPreview(admin, ids['journal.txt']).expect(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.headers['x-content-type-options']).toBe('nosniff');
    expect(text.body.toString('utf8')).toBe('<script>alert(1)</script> журнал\n');
  });

  it.each(['svg', 'html', 'договір.docx', 'cp1251.txt'])('does not serve %s inline, whatever its name or row says: it answers as the download', async (which) => {
    const preview = await staffPreview(admin, ids[which]).expect(200);
    expect(preview.headers['content-disposition']).toMatch(/^attachment; /);
    expect(preview.headers['x-content-type-options']).toBe('nosniff');
    expect(preview.headers['content-security-policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    const download = await bytes(admin.http.get(`/api/staff/tickets/${trackingId}/attachments/${ids[which]}`)).expect(200);
    for (const header of ['content-type', 'content-disposition', 'content-security-policy']) expect(preview.headers[header]).toBe(download.headers[header]);
    expect(Buffer.compare(preview.body, download.body)).toBe(0);
  });

  it('answers 404 as the download does to a participant without access: another address, a rival\'s session, no session', async () => {
    const id = ids['скриншот.png'];
    await http().get(`/api/tickets/${trackingId}/attachments/${id}/preview`).query({ email: RIVAL.email }).expect(404);
    await http().get(`/api/tickets/${trackingId}/attachments/${id}`).query({ email: RIVAL.email }).expect(404);
    await http().get(`/api/participant/requests/${trackingId}/attachments/${id}/preview`).set('Cookie', rival).expect(404);
    await http().get(`/api/participant/requests/${trackingId}/attachments/${id}`).set('Cookie', rival).expect(404);
    await http().get(`/api/participant/requests/${trackingId}/attachments/${id}/preview`).expect(401);
    // An id that is no attachment of the request: the same 404 as the download's.
    await http().get(`/api/tickets/${trackingId}/attachments/00000000-0000-4000-8000-000000000000/preview`).query({ email: AUTHOR.email }).expect(404);
  });

  it('checks staff as the download does: signed in, and the request in the agent\'s categories', async () => {
    const id = ids['скриншот.png'];
    await http().get(`/api/staff/tickets/${trackingId}/attachments/${id}/preview`).expect(401);
    // A participant's session is no staff session.
    await http().get(`/api/staff/tickets/${trackingId}/attachments/${id}/preview`).set('Cookie', author).expect(401);
    await staffPreview(agent, id).expect(404);
    await agent.http.get(`/api/staff/tickets/${trackingId}/attachments/${id}`).expect(404);
    await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ categoryId: KEYS_CATEGORY }).expect(200);
    await staffPreview(agent, id).expect(200);
  });
});
