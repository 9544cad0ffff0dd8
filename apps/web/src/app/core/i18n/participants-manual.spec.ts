import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appMessages } from './app.messages';

const root = join(__dirname, '../../../../../..');
const manual = readFileSync(join(root, 'docs/participants.uk.md'), 'utf8').replace(/\s+/g, ' ');

/** A label as the manual quotes it, «…» standing for what the page fills in ({organisation}, {name}). */
function shownAs(message: string, quoted: string): boolean {
  const pattern = message
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${pattern}$`).test(quoted.replace(/…/g, 'X'));
}

/**
 * Issue 18: the participants' manual (docs/participants.uk.md) quotes the
 * portal's buttons and fields in «»; each must be a Ukrainian text the portal
 * shows, so a renamed button cannot leave the manual naming one that is gone.
 */
describe('issue 18: the participants\' manual names the portal\'s controls as the portal shows them', () => {
  const texts = Object.values(appMessages.uk).filter((m): m is string => typeof m === 'string');
  const quoted = [...manual.matchAll(/«([^»]+)»/g)].map((m) => m[1]);

  it('quotes the controls of sign-in, "My requests", sharing and copies', () => {
    for (const label of ['Надіслати посилання для входу', 'Вийти на всіх пристроях', 'Видно колегам з …', 'Лише мені', 'Колеги в копії', 'Інша адреса', 'Схвалено адміністратором']) {
      expect(quoted).toContain(label);
    }
  });

  it('every quoted label is a text of the portal', () => {
    expect(quoted.filter((label) => !texts.some((text) => shownAs(text, label)))).toEqual([]);
  });

  it('is linked from README', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(docs/participants.uk.md)');
  });
});
