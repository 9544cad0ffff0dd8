import type { DynamicModule, Type } from '@nestjs/common';
import { ATTACHMENT_INSPECTOR } from './attachment-inspector';
import { ATTACHMENT_STORE } from './attachment-store';
import { CAPTCHA_PROVIDER } from './captcha-provider';
import { EVENT_SUBSCRIBER } from './event-subscriber';
import { KNOWLEDGE_SOURCE } from './knowledge-source';
import { MAIL_IN_CHANNEL } from './mail-in-channel';
import { MAIL_TRANSPORT } from './mail-transport';

/** The interfaces a plugin can implement, each chosen by one setting. */
export const PLUGIN_KINDS = {
  captcha: { setting: 'CAPTCHA_PROVIDER', token: CAPTCHA_PROVIDER },
  'attachment-store': { setting: 'ATTACHMENT_STORE', token: ATTACHMENT_STORE },
  'mail-transport': { setting: 'MAIL_TRANSPORT', token: MAIL_TRANSPORT },
  'mail-in': { setting: 'MAIL_IN_CHANNEL', token: MAIL_IN_CHANNEL },
  'knowledge-source': { setting: 'KNOWLEDGE_SOURCE', token: KNOWLEDGE_SOURCE },
} as const;
export type PluginKind = keyof typeof PLUGIN_KINDS;

/**
 * The interfaces of which any number of plugins run at once, chosen by one
 * setting that lists their names (none by default). Each plugin's module
 * provides its implementation under the kind's token; the API keeps each
 * apart, so two such modules never shadow one another.
 */
export const MULTI_PLUGIN_KINDS = {
  'event-subscriber': { setting: 'EVENT_SUBSCRIBERS', token: EVENT_SUBSCRIBER },
  'attachment-inspector': { setting: 'ATTACHMENT_INSPECTORS', token: ATTACHMENT_INSPECTOR },
} as const;
export type MultiPluginKind = keyof typeof MULTI_PLUGIN_KINDS;

/**
 * One implementation of one interface. `module` must provide and export the
 * implementation under the kind's token (e.g. `CAPTCHA_PROVIDER`). It may
 * inject `PLUGIN_CONTEXT`, and its `settings` by their class.
 */
export interface PluginDefinition {
  kind: PluginKind | MultiPluginKind;
  name: string;
  module: Type<unknown> | DynamicModule;
  /**
   * The environment variables it reads, as a class of `@Setting` properties
   * with class-validator rules (see `settings.ts`). When the plugin is
   * chosen, the API validates them at start with its own settings, and
   * provides the instance under this class.
   */
  settings?: new () => object;
}

/**
 * What an npm package named in `PLUGINS` exports: `pidtrymkaPlugins`, an
 * array of definitions. The setting of each kind then picks one by name,
 * exactly as it picks a built-in.
 */
export interface PluginPackageExports {
  pidtrymkaPlugins: PluginDefinition[];
}

/** Token of the `PluginContext` every plugin module may inject. */
export const PLUGIN_CONTEXT = 'pidtrymka:PluginContext';

export interface PluginContext {
  /** A folder the plugin may keep files in (under the API's `DATA_DIR`). */
  dataDir: string;
}
