import { isPrivateAddress } from './private-address';

describe('isPrivateAddress (who may scrape /metrics without a token)', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.5', '172.16.0.1', '172.31.255.254', '192.168.1.10', '100.64.0.1', '169.254.1.1', 'fd12:3456::1', 'fe80::1'])(
    'lets %s in',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(['203.0.113.7', '8.8.8.8', '172.32.0.1', '172.15.0.1', '192.169.0.1', '::ffff:203.0.113.7', '2001:db8::1', '', 'localhost', 'not-an-ip'])(
    'keeps %s out',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});
