import type { InboundReasonParams, Locale, SenderFindingCode } from '@pidtrymka/contracts';

type Words = (p: InboundReasonParams) => string;

/**
 * Issue 17: the sender check's finding (SENDER_FINDING_CODES) in words for staff. Domains, addresses,
 * DMARC results and a signature's or the software's own message are parameters, shown as found.
 */
const FINDINGS: Record<Locale, Record<SenderFindingCode, Words>> = {
  uk: {
    off: () => 'перевірку відправника вимкнено (MAIL_IN_VERIFY=off)',
    released: () => 'лист випущено співробітником',
    timeout: (p) => `перевірка не завершилася за ${p.ms} мс`,
    'check-error': (p) => `перевірка завершилася помилкою: ${p.error}`,
    'dmarc-unevaluated': () => 'DMARC для адреси відправника (From) не вдалося оцінити',
    'several-from': (p) => `у листі кілька адрес відправника (From): ${p.count}`,
    'from-mismatch': (p) => `заголовок From для перевірки — ${p.checked}, а для техпідтримки — ${p.address}`,
    'no-authserv': (p) => `немає заголовка Authentication-Results від ${p.authserv}`,
    'dmarc-other-domain': (p) => `${p.authserv} перевірив DMARC для ${p.evaluated}, а адреса відправника — в домені ${p.domain}`,
    'dmarc-pass': (p) => `DMARC пройдено для ${p.domain}`,
    'dmarc-fail': (p) => `DMARC не пройдено для ${p.domain}${p.policy ? ` (політика ${p.policy})` : ''}`,
    'no-dmarc': (p) => `у ${p.domain} немає запису DMARC`,
    'dmarc-error': (p) => `DMARC для ${p.domain} не визначено (${p.result})`,
  },
  en: {
    off: () => 'sender verification is off (MAIL_IN_VERIFY=off)',
    released: () => 'released by staff',
    timeout: (p) => `the check did not finish within ${p.ms} ms`,
    'check-error': (p) => `the check failed: ${p.error}`,
    'dmarc-unevaluated': () => 'DMARC could not be evaluated for the From address',
    'several-from': (p) => `the message names ${p.count} From addresses`,
    'from-mismatch': (p) => `the From header reads ${p.checked} to the check and ${p.address} to the help desk`,
    'no-authserv': (p) => `no Authentication-Results from ${p.authserv}`,
    'dmarc-other-domain': (p) => `${p.authserv} evaluated DMARC for ${p.evaluated}, the From address is at ${p.domain}`,
    'dmarc-pass': (p) => `DMARC pass for ${p.domain}`,
    'dmarc-fail': (p) => `DMARC fail for ${p.domain}${p.policy ? ` (policy ${p.policy})` : ''}`,
    'no-dmarc': (p) => `no DMARC record for ${p.domain}`,
    'dmarc-error': (p) => `DMARC ${p.result} for ${p.domain}`,
  },
};

/** What may follow any finding: the From domain's own failing signature or SPF, why SPF was not checked, whose headers, let through. */
const EXTRAS: Record<Locale, { dkim: Words; spf: Words; noReceived: Words; noEnvelope: Words; per: Words; letThrough: string }> = {
  uk: {
    dkim: (p) => `; підпис DKIM домену ${p.failureDomain} не підтверджується${p.failureDetail ? ` (${p.failureDetail})` : ''}`,
    spf: (p) => `; SPF не пройдено для ${p.failureDomain}`,
    noReceived: (p) => ` (SPF не перевірено: немає заголовка Received від ${p.receivedBy})`,
    noEnvelope: () => ' (SPF не перевірено: невідомий конверт, MAIL_IN_RECEIVED_BY не задано)',
    per: (p) => ` (за даними ${p.authserv})`,
    letThrough: '; пропущено (MAIL_IN_VERIFY=auto)',
  },
  en: {
    dkim: (p) => `; a DKIM signature of ${p.failureDomain} does not verify${p.failureDetail ? ` (${p.failureDetail})` : ''}`,
    spf: (p) => `; SPF fails for ${p.failureDomain}`,
    noReceived: (p) => ` (SPF not checked: no Received header by ${p.receivedBy})`,
    noEnvelope: () => ' (SPF not checked: no envelope, MAIL_IN_RECEIVED_BY is not set)',
    per: (p) => ` (per ${p.authserv})`,
    letThrough: '; let through (MAIL_IN_VERIFY=auto)',
  },
};

/** The finding in `locale`; a code this version does not know is shown as it is, never dropped. */
export function senderFindingText(locale: Locale, code: string, params: InboundReasonParams = {}): string {
  const words = (FINDINGS[locale] as Record<string, Words | undefined>)[code];
  if (!words) return code;
  const extras = EXTRAS[locale];
  let text = words(params);
  if (params.failure === 'dkim') text += extras.dkim(params);
  else if (params.failure === 'spf') text += extras.spf(params);
  if (params.spf === 'no-received') text += extras.noReceived(params);
  else if (params.spf === 'no-envelope') text += extras.noEnvelope(params);
  // The two findings about the server's headers name it already.
  if (params.authserv && code !== 'no-authserv' && code !== 'dmarc-other-domain') text += extras.per(params);
  if (params.letThrough) text += extras.letThrough;
  return text;
}
