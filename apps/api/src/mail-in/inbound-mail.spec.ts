import { parseInbound, recordedMessageId } from './inbound-mail';

describe('the Message-ID an inbound e-mail is recorded under (R-MAIL-6)', () => {
  it('is the header\'s, without angle brackets', () => {
    expect(recordedMessageId(Buffer.from('From: a@b.c\r\nMessage-ID: <x1@client.test>\r\n\r\nbody'))).toBe('x1@client.test');
  });

  it.each([
    ['none', 'From: a@b.c\r\n\r\nbody'],
    ['too long', `Message-ID: <${'i'.repeat(1000)}@x>\r\n\r\nbody`],
    // Found by tests/hostile: PostgreSQL refused the NUL, so the message was never recorded and was offered again on every poll.
    ['with a NUL', 'Message-ID: <a\u0000b@x>\r\n\r\nbody'],
    ['with control characters', 'Message-ID: <a\u0007\u001bb@x>\r\n\r\nbody'],
  ])('falls back to a hash of the bytes when the id is unusable (%s), the same for the same bytes', (_, text) => {
    const id = recordedMessageId(Buffer.from(text, 'latin1'));
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(recordedMessageId(Buffer.from(text, 'latin1'))).toBe(id);
  });
});

describe('reading an inbound e-mail', () => {
  // Found by tests/hostile: PostgreSQL refuses NUL, so such a message was quarantined whole.
  it('drops NUL and other control characters from the subject, the sender\'s name and the body', async () => {
    const raw = Buffer.from('From: =?utf-8?Q?Ole=00na?= <olena@client.test>\r\nSubject: =?utf-8?Q?=D0=A2=D0=B5=00=D0=BC=D0=B0=07?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nДоб\u0000рий\u001b день\tвсім\r\nрядок 2\r\n', 'utf8');
    const mail = await parseInbound(raw);
    expect(mail.from).toEqual({ name: 'Olena', address: 'olena@client.test' });
    expect(mail.subject).toBe('Тема');
    expect(mail.body).toBe('Добрий день\tвсім\nрядок 2');
  });
});
