import { SENDER_FINDING_CODES } from '@pidtrymka/contracts';
import { inboundReasonText } from './inbound-reasons';
import { senderFindingText } from './sender-findings';

describe('the sender check\'s finding, worded in the reader\'s language (issue 17, 12.8)', () => {
  it('words every code in both languages, English with no Ukrainian in it', () => {
    for (const code of SENDER_FINDING_CODES) {
      const params = { domain: 'corp-a.test', ms: 800, error: 'ECONNREFUSED', count: 2, checked: 'a@x.test', address: 'b@x.test', authserv: 'mx.support.test', evaluated: 'attacker.test', result: 'temperror' };
      const [uk, en] = [senderFindingText('uk', code, params), senderFindingText('en', code, params)];
      expect({ code, uk: uk !== code && uk !== en, en: en !== code && !/[а-яіїєґ]/i.test(en) }).toEqual({ code, uk: true, en: true });
    }
  });

  it('adds the From domain\'s own failure, why SPF was not checked, whose headers were read, and a let-through', () => {
    const held = { domain: 'small-firm.test', failure: 'dkim', failureDomain: 'small-firm.test', failureDetail: 'body hash did not verify', spf: 'no-received', receivedBy: 'mx.support.test' };
    expect(senderFindingText('en', 'no-dmarc', held)).toBe('no DMARC record for small-firm.test; a DKIM signature of small-firm.test does not verify (body hash did not verify) (SPF not checked: no Received header by mx.support.test)');
    expect(senderFindingText('uk', 'no-dmarc', held)).toBe('у small-firm.test немає запису DMARC; підпис DKIM домену small-firm.test не підтверджується (body hash did not verify) (SPF не перевірено: немає заголовка Received від mx.support.test)');
    expect(senderFindingText('uk', 'dmarc-fail', { domain: 'corp-a.test', policy: 'reject', authserv: 'mx.support.test' })).toBe('DMARC не пройдено для corp-a.test (політика reject) (за даними mx.support.test)');
    expect(senderFindingText('en', 'dmarc-error', { domain: 'corp-a.test', result: 'temperror', letThrough: 'auto' })).toBe('DMARC temperror for corp-a.test; let through (MAIL_IN_VERIFY=auto)');
    expect(senderFindingText('en', 'no-authserv', { authserv: 'mx.support.test' })).toBe('no Authentication-Results from mx.support.test');
  });

  it('is the quarantine reason\'s detail; a row kept in the old English words shows them, an unknown code shows itself', () => {
    expect(inboundReasonText('uk', 'sender-unverified', { finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject' })).toBe('Відправника не підтверджено (перевірка DMARC): DMARC не пройдено для corp-a.test (політика reject)');
    expect(inboundReasonText('en', 'sender-unverified', { finding: 'dmarc-fail', domain: 'corp-a.test', policy: 'reject' })).toBe('Sender not verified (DMARC check): DMARC fail for corp-a.test (policy reject)');
    expect(inboundReasonText('uk', 'sender-unverified', { detail: 'sender not verified: something new' })).toBe('Відправника не підтверджено (перевірка DMARC): sender not verified: something new');
    expect(inboundReasonText('en', 'sender-unverified', { finding: 'from-the-future' })).toBe('Sender not verified (DMARC check): from-the-future');
  });
});
