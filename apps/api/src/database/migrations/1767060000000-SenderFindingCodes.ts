import { MigrationInterface, QueryRunner } from 'typeorm';

type Params = Record<string, string | number>;
interface Finding {
  code: string;
  params: Params;
}

const BATCH = 500;

/**
 * Issue 17: the sender check's finding about an inbound e-mail (12.8: DMARC, DKIM, SPF) is stored as a
 * code with parameters (SENDER_FINDING_CODES), worded in the reader's language when shown, instead of an
 * English sentence: in `reason_params` of a message held as `sender-unverified` (its `detail` until now)
 * and in `details.senderVerification` of every checked message (its `reason`). The sentences written until
 * now are read back here by the exact forms the check wrote; one that fits none is kept as it was.
 * In batches by id: every e-mail ever checked carries a verdict.
 */
export class SenderFindingCodes1767060000000 implements MigrationInterface {
  name = 'SenderFindingCodes1767060000000';

  async up(db: QueryRunner): Promise<void> {
    let after = '0';
    for (;;) {
      const rows = (await db.query(
        `SELECT id::text AS id, reason, reason_params, details->'senderVerification' AS verification FROM inbound_messages
         WHERE id > $1::bigint AND ((reason = 'sender-unverified' AND reason_params ? 'detail' AND NOT reason_params ? 'finding') OR details->'senderVerification' ? 'reason')
         ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; reason: string | null; reason_params: Params; verification: { reason?: unknown } | null }[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      const changes = rows.flatMap((row) => {
        const held = row.reason === 'sender-unverified' && typeof row.reason_params.detail === 'string' ? findingOfSentence(row.reason_params.detail) : null;
        const { reason, ...verdict } = row.verification ?? {};
        const checked = typeof reason === 'string' ? findingOfSentence(reason) : null;
        if (!held && !checked) return [];
        const { detail: _detail, ...otherParams } = row.reason_params;
        return [
          {
            id: row.id,
            reason_params: held ? { ...otherParams, finding: held.code, ...held.params } : null,
            verification: checked ? { ...verdict, finding: checked } : null,
          },
        ];
      });
      if (changes.length === 0) continue;
      await db.query(
        `UPDATE inbound_messages m
         SET reason_params = coalesce(v.reason_params, m.reason_params),
             details = CASE WHEN v.verification IS NULL THEN m.details ELSE jsonb_set(m.details, '{senderVerification}', v.verification) END
         FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, reason_params jsonb, verification jsonb)
         WHERE m.id = v.id`,
        [JSON.stringify(changes)],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    // The code with its parameters, as the earlier reason codes went down: no longer the old sentences, but nothing is lost.
    await db.query(
      `UPDATE inbound_messages SET reason_params = jsonb_build_object('detail', (reason_params->>'finding') || ': ' || (reason_params - 'finding')::text)
       WHERE reason = 'sender-unverified' AND reason_params ? 'finding'`,
    );
    await db.query(
      `UPDATE inbound_messages
       SET details = jsonb_set(details, '{senderVerification}', ((details->'senderVerification') - 'finding')
         || jsonb_build_object('reason', (details->'senderVerification'->'finding'->>'code') || ': ' || (details->'senderVerification'->'finding'->'params')::text))
       WHERE details->'senderVerification' ? 'finding'`,
    );
  }
}

const HELD = 'sender not verified: ';
const LET_THROUGH = '; let through (MAIL_IN_VERIFY=auto)';
const NO_ENVELOPE = ' (SPF not checked: no envelope, MAIL_IN_RECEIVED_BY is not set)';

/**
 * The finding a sentence of the sender check states, by the forms sender-verification.ts wrote them until
 * this migration (frozen here: the code no longer writes them); null for anything else. Not exported:
 * TypeORM takes every export of a migration's file for a migration.
 */
function findingOfSentence(sentence: string): Finding | null {
  if (sentence === 'released by staff') return { code: 'released', params: {} };
  if (sentence === 'sender verification is off (MAIL_IN_VERIFY=off)') return { code: 'off', params: {} };
  let text = sentence;
  const extra: Params = {};
  if (text.endsWith(LET_THROUGH)) {
    text = text.slice(0, -LET_THROUGH.length);
    extra.letThrough = 'auto';
  }
  const held = text.startsWith(HELD);
  if (held) text = text.slice(HELD.length);
  const whole = text;
  // What the check appended to a DMARC finding: why SPF was not checked, or whose headers it read.
  const received = / \(SPF not checked: no Received header by ([^\s()]+)\)$/.exec(text);
  const per = / \(per ([^\s()]+)\)$/.exec(text);
  const note: Params = {};
  if (text.endsWith(NO_ENVELOPE)) {
    text = text.slice(0, -NO_ENVELOPE.length);
    note.spf = 'no-envelope';
  } else if (received) {
    text = text.slice(0, received.index);
    Object.assign(note, { spf: 'no-received', receivedBy: received[1] });
  } else if (per) {
    text = text.slice(0, per.index);
    note.authserv = per[1];
  }
  const found = dmarcFinding(text, note) ?? otherFinding(whole);
  if (found) return { code: found.code, params: { ...found.params, ...extra } };
  // unknown(): an error the check met, in the words the software gave it.
  return held ? { code: 'check-error', params: { error: whole, ...extra } } : null;
}

function dmarcFinding(text: string, note: Params): Finding | null {
  let m: RegExpExecArray | null;
  if ((m = /^DMARC pass for (\S+)$/.exec(text))) return { code: 'dmarc-pass', params: { domain: m[1], ...note } };
  if ((m = /^DMARC fail for (\S+)(?: \(policy ([^()]+)\))?$/.exec(text))) return { code: 'dmarc-fail', params: { domain: m[1], ...(m[2] ? { policy: m[2] } : {}), ...note } };
  if ((m = /^(\S+) has no DMARC record and (.+)$/.exec(text)) || (m = /^no DMARC record for (\S+)(?:; (.+))?$/.exec(text))) {
    const own = m[2] === undefined ? {} : ownFailure(m[2]);
    return own ? { code: 'no-dmarc', params: { domain: m[1], ...own, ...note } } : null;
  }
  if ((m = /^DMARC (\S+) for (\S+)$/.exec(text))) return { code: 'dmarc-error', params: { result: m[1], domain: m[2], ...note } };
  return null;
}

function otherFinding(text: string): Finding | null {
  let m: RegExpExecArray | null;
  if ((m = /^the check did not finish within (\d+) ms$/.exec(text))) return { code: 'timeout', params: { ms: Number(m[1]) } };
  if (text === 'DMARC could not be evaluated for the From address') return { code: 'dmarc-unevaluated', params: {} };
  if ((m = /^the message names (\d+) From addresses$/.exec(text))) return { code: 'several-from', params: { count: Number(m[1]) } };
  if ((m = /^the From header reads (.+) to the check and (.+) to the help desk$/.exec(text))) return { code: 'from-mismatch', params: { checked: m[1], address: m[2] } };
  if ((m = /^no Authentication-Results from (\S+)$/.exec(text))) return { code: 'no-authserv', params: { authserv: m[1] } };
  if ((m = /^(\S+) evaluated DMARC for (\S+), the From address is at (\S+)$/.exec(text))) return { code: 'dmarc-other-domain', params: { authserv: m[1], evaluated: m[2], domain: m[3] } };
  return null;
}

/** The From domain's own failing signature or SPF, as the check worded it. */
function ownFailure(text: string): Params | null {
  let m: RegExpExecArray | null;
  if ((m = /^a DKIM signature of (\S+) does not verify(?: \((.*)\))?$/.exec(text))) return { failure: 'dkim', failureDomain: m[1], ...(m[2] ? { failureDetail: m[2] } : {}) };
  if ((m = /^SPF fails for (\S*)$/.exec(text))) return { failure: 'spf', failureDomain: m[1] };
  return null;
}
