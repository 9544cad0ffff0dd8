import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

/**
 * The first e-mail the API wrote (MAIL_TRANSPORT=maildir) to `to` whose subject contains `text`,
 * waiting for the outbox worker to deliver it.
 */
export async function waitForMail(to: string, text: string, timeoutMs = 20_000): Promise<{ subject: string; text: string }> {
  const dir = process.env.E2E_MAIL_SENT_DIR!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.eml'))) {
      const mail = await simpleParser(await readFile(join(dir, name)));
      const recipients = [mail.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address?.toLowerCase()));
      if (recipients.includes(to.toLowerCase()) && mail.subject?.includes(text)) return { subject: mail.subject, text: mail.text ?? '' };
    }
    if (Date.now() > deadline) throw new Error(`No e-mail to ${to} about ${text} in ${dir} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
