import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp } from '../testing/test-app';
import { OutboxWorker } from './outbox.worker';

/** Issue 13: operators replace e-mail texts with files of their own (MAIL_TEMPLATES_DIR); a broken one stops the start, never a send. */
describe('MAIL_TEMPLATES_DIR', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-templates-'));
    await mkdir(join(dir, 'uk'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('a broken template stops the start, and the error names its file and what is wrong', async () => {
    await writeFile(join(dir, 'uk', 'ticket_created.hbs'), '{{#mailSubject}}\nЗапит {{trackingId}}\n{{/mailSubject}}\n{{#p}}Доброго дня, {{nmae}}!{{/p}}\n');
    await expect(createTestApp({ MAIL_TEMPLATES_DIR: dir })).rejects.toThrow(
      `Mail template ${join(dir, 'uk', 'ticket_created.hbs')} (line 4, column 22) uses the variable "nmae", which this e-mail does not have`,
    );
  });

  it('a template in its place is what the outbox sends, through the configured transport plugin', async () => {
    await writeFile(
      join(dir, 'uk', 'ticket_created.hbs'),
      '{{#mailSubject}}\nЗапит {{trackingId}} прийнято\n{{/mailSubject}}\n{{#> layout}}\n{{#p}}Шановний(а) {{name}}, ваш запит «{{subject}}» прийнято.{{br}}{{a link}}{{/p}}\n{{> signature}}\n{{/layout}}\n',
    );
    const t = await createTestApp({ MAIL_TEMPLATES_DIR: dir, MAIL_TRANSPORT: 'maildir' });
    try {
      const { body } = await t.http.post('/api/tickets').send({ ...participant, name: '<b>Олена</b>' }).expect(201);
      while ((await t.app.get(OutboxWorker).deliverDue()) > 0);
      const sentDir = join(t.dataDir, 'mail', 'sent');
      const sent = await Promise.all((await readdir(sentDir)).map(async (name) => simpleParser(await readFile(join(sentDir, name)))));
      const confirmation = sent.find((mail) => mail.subject === `Запит ${body.trackingId} прийнято`)!;
      const link = `http://support.test/ticket?track=${body.trackingId}&e=${encodeURIComponent(participant.email)}`;
      expect(confirmation.text).toBe(`Шановний(а) <b>Олена</b>, ваш запит «${participant.subject}» прийнято.\n${link}\n\nЗ повагою, черговий техпідтримки.\n`);
      const escapedLink = link.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;');
      expect(confirmation.html).toBe(
        `<p>Шановний(а) &lt;b&gt;Олена&lt;/b&gt;, ваш запит «${participant.subject}» прийнято.<br><a href="${escapedLink}">${escapedLink}</a></p>\n<p>З повагою, черговий техпідтримки.</p>\n`,
      );
    } finally {
      await t.close();
    }
  });
});
