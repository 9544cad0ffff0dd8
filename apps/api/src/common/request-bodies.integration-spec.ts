import { gzipSync } from 'node:zlib';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';
import { MAX_BODY_DEPTH } from './request-bodies';

/** Bodies the fuzzer of tests/hostile found answered with a 500; each is now a 400 the caller can read. */
describe('hostile request bodies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(['gzip', 'deflate', 'br'])('a body that is not the %s it claims to be: 400 in the caller\'s language', async (encoding) => {
    const response = await t.http.post('/api/tickets/remind').set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{"email":"a@b.c"}').expect(400);
    expect(response.body).toMatchObject({ code: 'body_encoding_invalid', message: expect.stringContaining('Content-Encoding') });
    const english = await t.http.post('/api/tickets/remind').set('Accept-Language', 'en').set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{}').expect(400);
    expect(english.body.message).toBe('The request body could not be decompressed: it does not match its Content-Encoding header.');
  });

  it('a real gzip body is still read', async () => {
    const response = await t.http.post('/api/tickets/remind').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip')
      // superagent would JSON-serialise a Buffer under a JSON content type.
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(gzipSync(JSON.stringify({ email: participant.email })));
    expect(response.body).toEqual({});
    expect(response.status).toBe(202);
  });

  it('JSON nested 35,000 levels deep (the validation pipe would overflow the stack): 400', async () => {
    const deep = '['.repeat(35_000) + ']'.repeat(35_000);
    const response = await t.http.post('/api/staff/auth/sign-in').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(response.body).toMatchObject({ code: 'json_too_deep', message: `Тіло запиту має забагато вкладених рівнів (не більше ${MAX_BODY_DEPTH}).` });
    const object = '{"a":'.repeat(20) + '1' + '}'.repeat(20);
    await t.http.post('/api/tickets').set('Content-Type', 'application/json').send(object).expect(400, /json_too_deep/);
  });

  it('a multipart field named a[x][x]… nested the same way: 400', async () => {
    const response = await t.http.post('/api/tickets').field(`a${'[x]'.repeat(5_000)}`, '1').field('name', participant.name).expect(400);
    expect(response.body.code).toBe('json_too_deep');
  });

  it('a lone surrogate (\\ud800) in a JSON string is a wrong e-mail, not a URIError; in a name it is kept as U+FFFD', async () => {
    const remind = await t.http.post('/api/tickets/remind').set('Content-Type', 'application/json').send('{"email":"\\ud800"}').expect(400);
    expect(remind.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'email' }] });
    const created = await t.http
      .post('/api/tickets')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...participant, name: 'Олена' }).replace('Олена', 'Олена \\udfff'))
      .expect(201);
    const { body } = await t.http.get(`/api/tickets/${created.body.trackingId}`).query({ email: participant.email }).expect(200);
    expect(body.requester.name).toBe('Олена \uFFFD');
  });

  it('a NUL in a path or a query that reaches PostgreSQL (which cannot store it): 400, not 500', async () => {
    const response = await t.http.get('/api/kb/articles/a%00b').set('Accept-Language', 'en').expect(400);
    expect(response.body).toMatchObject({ code: 'invalid_characters', message: 'The request contains characters that are not allowed (such as a NUL byte).' });
    await t.http.get('/api/kb/suggest').query({ q: 'a\u0000b', locale: 'uk' }).expect((r) => expect(r.status).toBeLessThan(500));
  });
});
