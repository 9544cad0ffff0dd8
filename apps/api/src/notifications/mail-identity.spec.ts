import type { AppConfig } from '../config/app-config';
import { domainOf, MailIdentity } from './mail-identity';

const config = (secret: string) => ({ mail: { secret, fromAddress: 'support@oree.com.ua', fromName: 'Технічна підтримка' }, dataDir: '/nonexistent' }) as unknown as AppConfig;

describe('MailIdentity', () => {
  const ticketId = '3f2b8c1e-5d4a-4b6f-9a7e-1c2d3e4f5a6b';
  let identity: MailIdentity;

  beforeEach(async () => {
    identity = new MailIdentity(config('s3cret'));
    await identity.onModuleInit();
  });

  it('makes a Message-ID that names the request and traces back to it', () => {
    const id = identity.messageIdFor('42', ticketId);
    expect(id).toMatch(/^p42\.3f2b8c1e5d4a4b6f9a7e1c2d3e4f5a6b\.[0-9a-f]{24}@oree\.com\.ua$/);
    expect(identity.parse(`<${id}>`)).toEqual({ ours: true, ticketId });
    expect(identity.messageIdFor('42', ticketId)).toBe(id);
  });

  it("takes a sending mailbox's domain (issue 16), and is traced back whatever our domain it names", () => {
    const id = identity.messageIdFor('42', ticketId, domainOf('Sales@Prodazhi.Example'));
    expect(id).toMatch(/^p42\.3f2b8c1e5d4a4b6f9a7e1c2d3e4f5a6b\.[0-9a-f]{24}@prodazhi\.example$/);
    expect(identity.parse(`<${id}>`)).toEqual({ ours: true, ticketId });
    // The same e-mail's ID under either domain carries the same signature: only the domain differs.
    expect(id.split('@')[0]).toBe(identity.messageIdFor('42', ticketId).split('@')[0]);
  });

  it('rejects a forged one: another request\'s ID with a copied signature, or another server\'s secret', async () => {
    const id = identity.messageIdFor('42', ticketId);
    const forged = id.replace('3f2b8c1e', '00000000');
    expect(identity.parse(forged)).toEqual({ ours: false, ticketId: null });
    const other = new MailIdentity(config('other'));
    await other.onModuleInit();
    expect(other.parse(id)).toEqual({ ours: false, ticketId: null });
  });
});
