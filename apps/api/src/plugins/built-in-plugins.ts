import { PluginDefinition } from '@pidtrymka/plugin-sdk';
import { builtInAttachmentStorePlugins } from '../attachments/attachment-store.plugins';
import { builtInCaptchaPlugins } from '../captcha/captcha.plugins';
import { builtInKnowledgeSourcePlugins } from '../kb/strapi/knowledge-source.plugins';
import { builtInMailInChannelPlugins } from '../mail-in/mail-in-channel.plugins';
import { builtInMailTransportPlugins } from '../notifications/mail-transport.plugins';

/** Every plugin the API ships, of every kind; packages in PLUGINS come after them. */
export const builtInPlugins: readonly PluginDefinition[] = [
  ...builtInCaptchaPlugins,
  ...builtInAttachmentStorePlugins,
  ...builtInMailTransportPlugins,
  ...builtInMailInChannelPlugins,
  ...builtInKnowledgeSourcePlugins,
];
