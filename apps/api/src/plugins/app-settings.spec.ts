import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginPackageExports } from '@pidtrymka/plugin-sdk';
import { AltchaCaptchaSettings } from '../captcha/altcha-captcha.provider';
import { AppConfig } from '../config/app-config';
import { settingNames } from '../config/settings';
import { ImapChannelSettings } from '../mail-in/channels/imap.channel';
import { SIGNATURE_INSPECTOR_PACKAGE } from '../testing/signature-fixtures';
import { loadAppSettings } from './app-settings';
import { builtInPlugins } from './built-in-plugins';

const settingsOf = (env: Record<string, string>) => loadAppSettings(env).plugins.map((plugin) => plugin.settings);

describe('issue 13: plugin settings, validated at start with the API’s own', () => {
  it('gives each chosen plugin its own settings, read and validated', () => {
    const settings = settingsOf({ CAPTCHA_PROVIDER: 'altcha', CAPTCHA_ALTCHA_COST: '50', MAIL_IN_CHANNEL: 'imap', IMAP_HOST: 'imap.example.com', IMAP_USER: 'support', IMAP_TLS: 'false' });
    expect(settings.find((s) => s instanceof AltchaCaptchaSettings)).toMatchObject({ cost: 50, counterMax: 3000, ttlMs: 600_000 });
    expect(settings.find((s) => s instanceof ImapChannelSettings)).toMatchObject({ host: 'imap.example.com', user: 'support', tls: false, port: 143, mailbox: 'INBOX' });
  });

  it('leaves alone the settings of plugins not chosen', () => {
    expect(() => loadAppSettings({ MAIL_IN_CHANNEL: 'maildir', IMAP_PORT: 'imaps', CAPTCHA_ALTCHA_COST: 'high' })).not.toThrow();
  });

  it('lists the API’s invalid settings, a choice of no such plugin and a chosen plugin’s invalid settings in one error', () => {
    expect(() => loadAppSettings({ OUTBOX_POLL_MS: '1', KNOWLEDGE_SOURCE: 'wiki', MAIL_IN_CHANNEL: 'imap', IMAP_HOST: 'imap.example.com', IMAP_PORT: '99999' })).toThrow(
      [
        'Invalid settings:',
        '  OUTBOX_POLL_MS="1": OUTBOX_POLL_MS must not be less than 10',
        '  KNOWLEDGE_SOURCE=wiki: no such knowledge-source plugin. Known: strapi. Extra packages come from PLUGINS.',
      ].join('\n'),
    );
    expect(() => loadAppSettings({ MAIL_IN_CHANNEL: 'imap', IMAP_HOST: 'imap.example.com', IMAP_PORT: '99999' })).toThrow(
      ['Invalid settings:', '  IMAP_USER (unset): MAIL_IN_CHANNEL=imap needs IMAP_USER', '  IMAP_PORT="99999": IMAP_PORT must not be greater than 65535'].join('\n'),
    );
  });
});

describe('issue 13: README (and docker/.env.example) list every setting, and only settings that exist', () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Settings'), readme.indexOf('\n### ', readme.indexOf('### Settings') + 1));
  // The variables a row is about are in its first cell: `A` / `B`, or `A`, `B`.
  const documented = new Set(table.split('\n').flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1])));
  // Issue 20: the plugins packaged in this workspace (plugins/*) are documented with the API's own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plugin package, loaded by its path as PLUGINS would.
  const workspacePlugins = (require(SIGNATURE_INSPECTOR_PACKAGE) as PluginPackageExports).pidtrymkaPlugins;
  const declared = new Set([...settingNames(AppConfig), ...[...builtInPlugins, ...workspacePlugins].flatMap((plugin) => (plugin.settings ? settingNames(plugin.settings) : []))]);

  it('documents every setting of the API, its built-in plugins and the workspace\'s plugin packages', () => {
    expect([...declared].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no setting that nothing reads', () => {
    expect(documented.size).toBeGreaterThan(80);
    expect([...documented].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('and so does docker/.env.example, as README says', () => {
    const example = readFileSync(join(__dirname, '../../../../docker/.env.example'), 'utf8');
    expect([...declared].filter((name) => !new RegExp(`\\b${name}\\b`).test(example))).toEqual([]);
  });
});
