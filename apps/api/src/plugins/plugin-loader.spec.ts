import { PluginDefinition } from '@pidtrymka/plugin-sdk';
import { choosePlugins } from './plugin-loader';

class A {}
class B {}
class C {}
const builtIns: PluginDefinition[] = [
  { kind: 'captcha', name: 'image', module: A },
  { kind: 'attachment-store', name: 'database', module: B },
  { kind: 'mail-transport', name: 'maildir', module: B },
  { kind: 'mail-in', name: 'maildir', module: B },
  { kind: 'knowledge-source', name: 'strapi', module: B },
];
// The kinds these tests are not about, set to their one built-in.
const mail = { 'mail-transport': 'maildir', 'mail-in': 'maildir', 'knowledge-source': 'strapi' } as const;

describe('choosePlugins', () => {
  it('takes, for each kind, the plugin its setting names', () => {
    const chosen = choosePlugins(builtIns, { captcha: 'image', 'attachment-store': 'database', ...mail });
    expect(chosen.map((d) => d.module)).toEqual([A, B, B, B, B]);
  });

  it('lets a package replace a built-in of the same name', () => {
    const chosen = choosePlugins([...builtIns, { kind: 'captcha', name: 'image', module: C }], { captcha: 'image', 'attachment-store': 'database', ...mail });
    expect(chosen[0].module).toBe(C);
  });

  it('names the setting and the known plugins when nothing matches', () => {
    expect(() => choosePlugins(builtIns, { captcha: 'hcaptcha', 'attachment-store': 'database', ...mail })).toThrow(
      'CAPTCHA_PROVIDER=hcaptcha: no such captcha plugin. Known: image.',
    );
  });

  it('issue 16: takes every event-subscriber plugin EVENT_SUBSCRIBERS lists, after the one of each other kind, each once', () => {
    const hooks: PluginDefinition[] = [
      { kind: 'event-subscriber', name: 'audit-feed', module: A },
      { kind: 'event-subscriber', name: 'crm', module: C },
    ];
    const chosen = choosePlugins([...builtIns, ...hooks], { captcha: 'image', 'attachment-store': 'database', ...mail }, { 'event-subscriber': ['crm', 'audit-feed', 'crm'], 'attachment-inspector': [] });
    expect(chosen.slice(5).map((d) => [d.kind, d.name])).toEqual([
      ['event-subscriber', 'crm'],
      ['event-subscriber', 'audit-feed'],
    ]);
    expect(choosePlugins([...builtIns, ...hooks], { captcha: 'image', 'attachment-store': 'database', ...mail })).toHaveLength(5);
    expect(() => choosePlugins(builtIns, { captcha: 'image', 'attachment-store': 'database', ...mail }, { 'event-subscriber': ['crm'], 'attachment-inspector': [] })).toThrow(
      'EVENT_SUBSCRIBERS=crm: no such event-subscriber plugin. Known: none.',
    );
  });

  it('issue 20: takes every attachment-inspector plugin ATTACHMENT_INSPECTORS lists, each once, and names an unknown one', () => {
    const inspectors: PluginDefinition[] = [
      { kind: 'attachment-inspector', name: 'signatures', module: A },
      { kind: 'attachment-inspector', name: 'antivirus', module: C },
    ];
    const chosen = choosePlugins([...builtIns, ...inspectors], { captcha: 'image', 'attachment-store': 'database', ...mail }, { 'event-subscriber': [], 'attachment-inspector': ['signatures', 'antivirus', 'signatures'] });
    expect(chosen.slice(5).map((d) => [d.kind, d.name])).toEqual([
      ['attachment-inspector', 'signatures'],
      ['attachment-inspector', 'antivirus'],
    ]);
    expect(() => choosePlugins(builtIns, { captcha: 'image', 'attachment-store': 'database', ...mail }, { 'event-subscriber': [], 'attachment-inspector': ['signatures'] })).toThrow(
      'ATTACHMENT_INSPECTORS=signatures: no such attachment-inspector plugin. Known: none.',
    );
  });
});
