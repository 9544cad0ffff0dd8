import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { manualParticipant as participant } from '../../apps/api/src/testing/fixtures';
import { startApiProcess } from '../support/api-process';
import { eventually } from '../support/smtp-capture';

jest.setTimeout(120_000);

/**
 * Issue 13 on the built API (`npm run build` copies the templates into apps/api/dist): an operator's
 * template is what it sends, and a broken one ends the start, with several workers too (the primary
 * checks before it starts any, rather than restarting workers that fail for ever).
 */
describe('e-mail templates of the built API', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-templates-'));
    await mkdir(join(dir, 'en'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it.each(['1', '2'])('API_WORKERS=%s: a broken template stops the start, naming its file', async (workers) => {
    await writeFile(join(dir, 'en', 'staff_reply.hbs'), '{{#mailSubject}}\nReply {{trackingId}}\n{{/mailSubject}}\n{{#p}}{{lines mesage}}{{/p}}\n');
    const started = startApiProcess({ MAIL_TEMPLATES_DIR: dir, API_WORKERS: workers });
    await expect(started).rejects.toThrow(/The API exited \(1\) before it was healthy/);
    await expect(started).rejects.toThrow(`Mail template ${join(dir, 'en', 'staff_reply.hbs')} (line 4, column 15) uses the variable "mesage", which this e-mail does not have`);
  });

  it('sends the shipped e-mails, and an operator\'s template in place of its own', async () => {
    await writeFile(join(dir, 'layout.hbs'), '{{> @partial-block}}\n{{#p}}-- Example Support{{/p}}\n');
    const api = await startApiProcess({ MAIL_TEMPLATES_DIR: dir, OUTBOX_WORKER_ENABLED: 'true', OUTBOX_POLL_MS: '50', MAIL_TRANSPORT: 'maildir' });
    try {
      const created = await fetch(`${api.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify(participant),
      });
      expect(created.status).toBe(201);
      const { trackingId } = (await created.json()) as { trackingId: string };
      const sentDir = join(api.dataDir, 'mail', 'sent');
      const [file] = await eventually('the confirmation', async () => {
        const files = (await readdir(sentDir).catch(() => [])).filter((name) => name.endsWith('.eml'));
        return files.length > 0 && files;
      });
      const mail = await simpleParser(await readFile(join(sentDir, file)));
      expect(mail.subject).toMatch(new RegExp(`^\\[#${trackingId}\\] `));
      expect(mail.text).toMatch(/\n\n-- Example Support\n$/);
      expect(mail.html).toMatch(/<p>-- Example Support<\/p>\n$/);
    } finally {
      await api.stop();
    }
  });
});
