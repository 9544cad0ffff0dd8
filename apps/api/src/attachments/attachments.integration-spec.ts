import { fileSamples } from '../testing/file-samples';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const MB = 1024 * 1024;

/** R-SUB-6 on both attachment stores: limits, names, downloads. */
describe.each(['database', 'filesystem'])('attachments in the %s store (R-SUB-6)', (store) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_STORE: store });
  });
  afterAll(() => t.close());

  function submit(files: { name: string; content: Buffer }[], fields: Record<string, string> = participant) {
    const form = t.http.post('/api/tickets');
    for (const [key, value] of Object.entries(fields)) form.field(key, value);
    for (const file of files) form.attach('attachments', file.content, file.name);
    return form;
  }
  const view = (trackingId: string) => t.http.get(`/api/tickets/${trackingId}`).query({ email: participant.email }).expect(200);

  it('accepts two files, including the manual\'s signed test1.docx.p7s, and serves them back byte for byte', async () => {
    const signed = Buffer.from([0x30, 0x82, 0x01, 0x00, 0xff, 0x00, 0x10]);
    // A PDF by its signature, padded to exactly the limit.
    const scan = Buffer.concat([fileSamples.pdf, Buffer.alloc(2 * MB - fileSamples.pdf.length, 0x0a)]);
    const created = await submit([
      { name: 'test1.docx.p7s', content: signed },
      { name: 'скан заявки.pdf', content: scan },
    ]).expect(201);
    const { body } = await view(created.body.trackingId);
    const attachments = body.messages[0].attachments;
    expect(attachments).toEqual([
      { id: expect.any(String), filename: 'test1.docx.p7s', size: signed.length, preview: 'none' },
      { id: expect.any(String), filename: 'скан заявки.pdf', size: scan.length, preview: 'pdf' },
    ]);

    const download = await t.http
      .get(`/api/tickets/${created.body.trackingId}/attachments/${attachments[0].id}`)
      .query({ email: participant.email })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body, signed)).toBe(0);
    expect(download.headers['content-disposition']).toBe('attachment; filename="test1.docx.p7s"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-type']).toBe('application/pkcs7-signature');
    expect(download.headers['content-security-policy']).toContain('sandbox');

    const pdf = await t.http.get(`/api/tickets/${created.body.trackingId}/attachments/${attachments[1].id}`).query({ email: participant.email }).expect(200);
    expect(pdf.headers['content-disposition']).toContain("filename*=UTF-8''%D1%81%D0%BA%D0%B0%D0%BD");
  });

  it('refuses a file whose bytes contradict its extension, in the caller\'s language', async () => {
    const response = await submit([{ name: 'рахунок.pdf', content: fileSamples.exe }]).expect(400);
    expect(response.body).toMatchObject({ code: 'attachment_content_mismatch', message: 'Файл «рахунок.pdf» не прийнято: його вміст не відповідає розширенню .pdf.' });
    const english = await submit([{ name: 'photo.png', content: fileSamples.html }]).set('Accept-Language', 'en').expect(400);
    expect(english.body.message).toBe('The file "photo.png" was not accepted: its content does not match the extension .png.');
    await submit([{ name: 'photo.png', content: fileSamples.png }, { name: 'table.xlsx', content: fileSamples.xlsx }]).expect(201);
  });

  it('refuses a third file, naming the limit of 2', async () => {
    const file = { name: 'a.txt', content: Buffer.from('a') };
    const response = await submit([file, file, file]).expect(400);
    expect(response.body).toMatchObject({ code: 'attachments_too_many', message: 'Можна додати не більше 2 вкладень.' });
  });

  it('refuses a file over 2 MB with 413, naming the limit', async () => {
    const response = await submit([{ name: 'big.zip', content: Buffer.alloc(2 * MB + 1) }]).expect(413);
    expect(response.body.message).toBe('Файл завеликий: максимальний розмір вкладення 2 МБ.');
    const english = await submit([{ name: 'big.zip', content: Buffer.alloc(2 * MB + 1) }]).set('Accept-Language', 'en').expect(413);
    expect(english.body.message).toBe('The file is too large: an attachment may be at most 2 MB.');
  });

  it.each(['virus.exe', 'page.html', 'script.svg', 'noextension', 'test.p7s.exe'])('refuses %s, listing the allowed types', async (name) => {
    const response = await submit([{ name, content: Buffer.from('MZ') }]).expect(400);
    expect(response.body.code).toBe('attachment_extension_not_allowed');
    expect(response.body.message).toContain('gif, jpg, jpeg, png, zip, rar, csv, doc, docx, xls, xlsx, txt, pdf, p7s');
  });

  it('keeps only the last segment of a path-like file name and drops direction overrides', async () => {
    const created = await submit([{ name: '..\\..\\windows\\evil\u202e.txt', content: Buffer.from('x') }]).expect(201);
    const { body } = await view(created.body.trackingId);
    expect(body.messages[0].attachments[0].filename).toBe('evil.txt');
  });

  it('answers a file name with control characters (which break the multipart header) with 400', async () => {
    const response = await submit([{ name: 'evil\u0007.txt', content: Buffer.from('x') }]).expect(400);
    expect(response.body.code).toBe('malformed_multipart');
  });

  it('refuses files sent under another field name', async () => {
    const response = await t.http.post('/api/tickets').field(participant).attach('file', Buffer.from('x'), 'a.txt').expect(400);
    expect(response.body.code).toBe('attachment_field_unexpected');
  });

  it('answers a broken multipart body with 400', async () => {
    const response = await t.http
      .post('/api/tickets')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc\r\n--XY')
      .expect(400);
    expect(response.body.code).toBe('malformed_multipart');
  });

  it('stores nothing when the request is refused after the files arrived', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM attachments');
    await submit([{ name: 'a.txt', content: Buffer.from('x') }], { ...participant, categoryId: '99999' }).expect(400);
    const after = await t.db.query('SELECT count(*)::int AS n FROM attachments');
    expect(after[0].n).toBe(before[0].n);
    if (store === 'database') {
      const orphans = await t.db.query('SELECT count(*)::int AS n FROM attachment_contents c WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = c.storage_key)');
      expect(orphans[0].n).toBe(0);
    }
  });

  it('lets the participant reply with files (R-VIEW-5)', async () => {
    const created = await submit([]).expect(201);
    await t.http
      .post(`/api/tickets/${created.body.trackingId}/replies`)
      .field({ email: participant.email, message: 'Направляю вам підписаний файл у вкладенні.' })
      .attach('attachments', Buffer.from('signed'), 'test1.docx.p7s')
      .expect(201);
    const { body } = await view(created.body.trackingId);
    expect(body.messages[1].attachments).toEqual([{ id: expect.any(String), filename: 'test1.docx.p7s', size: 6, preview: 'none' }]);
  });

  it('does not serve an attachment of another request, or of a staff note', async () => {
    const mine = await submit([{ name: 'mine.txt', content: Buffer.from('1') }]).expect(201);
    const other = await submit([{ name: 'other.txt', content: Buffer.from('2') }]).expect(201);
    const otherAttachment = (await view(other.body.trackingId)).body.messages[0].attachments[0].id;
    await t.http.get(`/api/tickets/${mine.body.trackingId}/attachments/${otherAttachment}`).query({ email: participant.email }).expect(404);
    await t.http.get(`/api/tickets/${mine.body.trackingId}/attachments/not-a-uuid`).query({ email: participant.email }).expect(404);

    await t.db.query('UPDATE messages SET is_internal = true WHERE ticket_id = (SELECT id FROM tickets WHERE tracking_id = $1)', [other.body.trackingId]);
    await t.http.get(`/api/tickets/${other.body.trackingId}/attachments/${otherAttachment}`).query({ email: participant.email }).expect(404);
  });
});

describe('attachment limits are settings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_MAX_COUNT: '1', ATTACHMENT_MAX_BYTES: '1000', ATTACHMENT_EXTENSIONS: 'txt, .LOG' });
  });
  afterAll(() => t.close());

  const submit = (name: string, size: number, count = 1) => {
    const form = t.http.post('/api/tickets').field(participant);
    for (let i = 0; i < count; i++) form.attach('attachments', Buffer.alloc(size), name);
    return form;
  };

  it('honours ATTACHMENT_MAX_COUNT, ATTACHMENT_MAX_BYTES and ATTACHMENT_EXTENSIONS', async () => {
    await submit('a.log', 1000).expect(201);
    expect((await submit('a.txt', 10, 2).expect(400)).body.message).toBe('Можна додати не більше 1 вкладень.');
    expect((await submit('a.txt', 1001).expect(413)).body.message).toContain('1000 Б');
    expect((await submit('a.pdf', 10).expect(400)).body.message).toContain('txt, log');
  });

  it('tells the forms the limits it enforces', async () => {
    await t.http.get('/api/attachments/limits').expect(200, { maxCount: 1, maxBytes: 1000, extensions: ['txt', 'log'] });
  });
});
