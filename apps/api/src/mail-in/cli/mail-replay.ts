import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openMailCli } from './mail-cli.module';
import { MailInService } from '../mail-in.service';

const USAGE = `npm run mail:replay -- (--all | ID [ID…])
Processes quarantined inbound e-mails again (all, or the inbound_messages IDs given), and any
recorded but never decided, and prints each one's new status. Uses DATABASE_URL or the running
API's embedded database.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { all: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  const ids = positionals.filter((id) => /^\d+$/.test(id));
  if (values.help || (!values.all && ids.length === 0) || ids.length !== positionals.length) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const app = await openMailCli();
  try {
    const results = await app.get(MailInService).replay(values.all ? 'all' : ids);
    for (const result of results) console.log(`${result.inboundId}\t${result.status}`);
    if (results.length === 0) console.log('Nothing to replay.');
    if (results.some((result) => result.status === 'quarantined')) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  console.error(`mail:replay failed: ${error.message}`);
  process.exitCode = 1;
});
