import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: why an inbound e-mail was kept is stored as a code and its
 * parameters (INBOUND_REASON_CODES), put into words in the reader's language
 * when shown, instead of English prose. The prose the code wrote until now is
 * read back into codes here, by the exact forms it took; a technical error or
 * a sender check's finding stays whole, as a parameter of its code.
 */
export class InboundReasonCodes1766940000001 implements MigrationInterface {
  name = 'InboundReasonCodes1766940000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_messages ADD COLUMN reason_params jsonb NOT NULL DEFAULT '{}'`);
    // Each statement takes the rows of one form; `reason_params = '{}'` keeps a row from being read twice.
    const forms: [string, string][] = [
      [`reason = 'no sender address'`, `'no-sender', '{}'::jsonb`],
      [`reason ~ '^sender address longer than [0-9]+ characters$'`, `'sender-too-long', jsonb_build_object('max', substring(reason from '([0-9]+)')::int)`],
      [`reason ~ '^processing did not finish in [0-9]+ attempts'`, `'max-attempts', jsonb_build_object('max', substring(reason from '([0-9]+)')::int)`],
      [`reason = 'loop: from our own address'`, `'loop', '{}'::jsonb`],
      [`reason = 'auto-reply: subject'`, `'auto-reply', '{"header": "Subject"}'::jsonb`],
      [`reason = 'auto-reply: X-Autoreply'`, `'auto-reply', '{"header": "X-Autoreply"}'::jsonb`],
      [`reason ~ '^auto-reply: (Auto-Submitted|Precedence) '`, `'auto-reply', jsonb_build_object('header', substring(reason from '^auto-reply: ([A-Za-z-]+) '), 'value', substring(reason from '^auto-reply: [A-Za-z-]+ (.*)$'))`],
      [`reason = 'bounce: delivery status notification'`, `'bounce', '{"kind": "dsn"}'::jsonb`],
      [`reason = 'bounce: null return path'`, `'bounce', '{"kind": "null-return-path"}'::jsonb`],
      [`reason ~ '^bounce: from '`, `'bounce', jsonb_build_object('kind', 'sender', 'sender', substring(reason from '^bounce: from (.*)$'))`],
      [
        `reason ~ '^duplicate: the same text as inbound message [0-9]+ within [0-9]+ s$'`,
        `'duplicate', jsonb_build_object('of', substring(reason from 'message ([0-9]+) within'), 'seconds', substring(reason from 'within ([0-9]+) s$')::int)`,
      ],
      [
        `reason ~ '^burst: more than [0-9]+ new requests in [0-9]+ s from '`,
        `'burst', jsonb_build_object('limit', substring(reason from 'more than ([0-9]+)')::int, 'seconds', substring(reason from 'in ([0-9]+) s from')::int, 'sender', substring(reason from ' s from (.*)$'))`,
      ],
      [`reason ~ '^dismissed by .* <[^<>]*>$'`, `'dismissed', jsonb_build_object('name', substring(reason from '^dismissed by (.*) <[^<>]*>$'), 'email', substring(reason from '<([^<>]*)>$'))`],
      [`(reason ~ '^sender not verified: ' OR details->'senderVerification'->>'action' = 'hold')`, `'sender-unverified', jsonb_build_object('detail', reason)`],
    ];
    const known = `('no-sender', 'sender-too-long', 'max-attempts', 'processing-failed', 'sender-unverified', 'loop', 'auto-reply', 'bounce', 'duplicate', 'burst', 'dismissed')`;
    for (const [where, [code, params]] of forms.map(([where, set]) => [where, splitSet(set)] as const)) {
      await db.query(`UPDATE inbound_messages SET reason = ${code}, reason_params = ${params} WHERE reason IS NOT NULL AND reason NOT IN ${known} AND ${where}`);
    }
    // Whatever else was written is an error the software reported while processing: kept whole, as its parameter.
    await db.query(`UPDATE inbound_messages SET reason = 'processing-failed', reason_params = jsonb_build_object('error', reason) WHERE reason IS NOT NULL AND reason NOT IN ${known}`);
    await db.query(`ALTER TABLE inbound_messages ALTER COLUMN reason TYPE varchar(30)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_messages ALTER COLUMN reason TYPE text`);
    // The code with its parameters: no longer the old sentences, but nothing of them is lost.
    await db.query(`UPDATE inbound_messages SET reason = reason || CASE WHEN reason_params = '{}' THEN '' ELSE ': ' || reason_params::text END WHERE reason IS NOT NULL`);
    await db.query(`ALTER TABLE inbound_messages DROP COLUMN reason_params`);
  }
}

/** `'code', params` as written in the table above: the code and the parameters' expression. */
function splitSet(set: string): [string, string] {
  const comma = set.indexOf(',');
  return [set.slice(0, comma), set.slice(comma + 1).trim()];
}
