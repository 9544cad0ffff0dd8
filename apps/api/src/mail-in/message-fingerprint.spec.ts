import { contentFingerprint } from './message-fingerprint';

const message = (headers: string[], body: string, eol = '\r\n') => Buffer.from([...headers, '', body].join(eol), 'utf8');
const BASE = ['From: Іван <ivan@client.test>', 'To: support@oree.test', 'Subject: Збій підпису', 'Date: Tue, 1 Dec 2026 10:00:00 +0000', 'Message-ID: <a@client.test>'];

describe('12.4 a duplicate is the same message: contentFingerprint', () => {
  const original = contentFingerprint(message(BASE, 'Не працює підпис.\r\n'));

  it('is the same for one message delivered twice, through other servers, mailboxes or line ends', () => {
    expect(contentFingerprint(message(['Received: from mx2 by mx1; Tue, 1 Dec 2026 10:00:05 +0000', 'Delivered-To: info@oree.test', 'Return-Path: <ivan@client.test>', ...BASE], 'Не працює підпис.\r\n'))).toBe(original);
    expect(contentFingerprint(message(BASE, 'Не працює підпис.\n', '\n'))).toBe(original);
    // Folded differently by a relay.
    expect(contentFingerprint(message([BASE[0], BASE[1], 'Subject: Збій', '  підпису', ...BASE.slice(3)], 'Не працює підпис.\r\n'))).toBe(original);
  });

  it('differs when what the author wrote differs: body, subject, sender, date or recipients', () => {
    const variants = [
      message(BASE, 'Не працює підпис!\r\n'),
      message([BASE[0], BASE[1], 'Subject: Інше', ...BASE.slice(3)], 'Не працює підпис.\r\n'),
      message(['From: mallory@evil.test', ...BASE.slice(1)], 'Не працює підпис.\r\n'),
      message([...BASE.slice(0, 3), 'Date: Tue, 1 Dec 2026 10:00:01 +0000', BASE[4]], 'Не працює підпис.\r\n'),
      message([BASE[0], 'To: other@oree.test', ...BASE.slice(2)], 'Не працює підпис.\r\n'),
    ];
    const prints = variants.map(contentFingerprint);
    expect(new Set([original, ...prints]).size).toBe(variants.length + 1);
  });

  it('has a result for anything: no header block, no body, bytes that are no e-mail', () => {
    for (const raw of [Buffer.alloc(0), Buffer.from('no headers at all'), Buffer.from('From: a@b\r\n'), Buffer.from([0, 255, 13, 10, 13, 10, 0])]) {
      expect(contentFingerprint(raw)).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('runs in linear time on 1 MB adversarial inputs (issue 12.1): long runs of blanks, one letter, colons, folds, CRs', () => {
    const mb = 1024 * 1024;
    const inputs = [
      Buffer.from(`From: ${' '.repeat(mb)}x\r\n\r\nbody`),
      Buffer.from(`Subject: ${'a'.repeat(mb)}\r\n\r\n`),
      Buffer.from(':'.repeat(mb)),
      Buffer.from(`Subject: x${'\r\n '.repeat(mb / 3)}\r\n\r\n`),
      Buffer.from(`From: a@b\r\n\r\n${'\r'.repeat(mb)}`),
      Buffer.from('\n'.repeat(mb)),
      Buffer.from(`From: a@b\r\n\r\n${'x\r\n'.repeat(mb / 3)}`),
    ];
    for (const raw of inputs) {
      const started = performance.now();
      contentFingerprint(raw);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});
