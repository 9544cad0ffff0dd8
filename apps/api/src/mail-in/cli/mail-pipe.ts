import 'reflect-metadata';
import { openMailCli } from './mail-cli.module';
import { MailboxesRepository } from '../../mailboxes/mailboxes.repository';
import { MailInService } from '../mail-in.service';

// sysexits.h: what an MTA's pipe transport understands.
const EX_USAGE = 64;
const EX_TEMPFAIL = 75;

/**
 * `npm run mail:pipe < message.eml`, or an MTA's pipe transport calling
 * apps/api/bin/pidtrymka-mail-pipe: records and processes one message from
 * stdin. Exit 0 once it is committed (or was recorded before); 75 when it
 * could not be recorded, so the MTA keeps it and tries again. Issue 16:
 * `--mailbox <name>` records it as come in through that pipe mailbox (its
 * category, its sending identity).
 */
async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) {
    console.error('mail:pipe: no message on stdin (usage: npm run mail:pipe < message.eml)');
    process.exitCode = EX_USAGE;
    return;
  }
  const flag = process.argv.indexOf('--mailbox');
  const mailboxName = flag >= 0 ? process.argv[flag + 1] : undefined;
  const app = await openMailCli();
  try {
    const mailbox = mailboxName ? await app.get(MailboxesRepository).findByName(mailboxName) : null;
    if (mailboxName && !mailbox) {
      console.error(`mail:pipe: no mailbox named ${JSON.stringify(mailboxName)}`);
      process.exitCode = EX_USAGE;
      return;
    }
    const result = await app.get(MailInService).receive(raw, 'pipe', mailbox?.id ?? null);
    console.log(JSON.stringify(result));
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  console.error(`mail:pipe failed, the message was not recorded: ${error.message}`);
  process.exitCode = EX_TEMPFAIL;
});
