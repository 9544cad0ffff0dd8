import { DynamicModule, Global, Module } from '@nestjs/common';
import { PLUGIN_CONTEXT, PluginContext } from '@pidtrymka/plugin-sdk';
import { builtInAttachmentStorePlugins } from '../attachments/attachment-store.plugins';
import { builtInCaptchaPlugins } from '../captcha/captcha.plugins';
import { builtInKnowledgeSourcePlugins } from '../kb/strapi/knowledge-source.plugins';
import { AppConfig, EnvironmentVariables } from '../config/app-config';
import { builtInMailInChannelPlugins } from '../mail-in/mail-in-channel.plugins';
import { builtInMailTransportPlugins } from '../notifications/mail-transport.plugins';
import { choosePlugins, loadPluginPackages } from './plugin-loader';

@Global()
@Module({
  providers: [
    {
      provide: PLUGIN_CONTEXT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): PluginContext => ({ dataDir: config.dataDir, setting: (name) => config.setting(name) }),
    },
  ],
  exports: [PLUGIN_CONTEXT],
})
class PluginContextModule {}

/**
 * Imports, for each plugin interface, the implementation its setting names —
 * built-in or from a package in PLUGINS — and makes its token available to
 * the whole API.
 */
@Global()
@Module({})
export class PluginsModule {
  static forRoot(settings: Pick<EnvironmentVariables, 'CAPTCHA_PROVIDER' | 'ATTACHMENT_STORE' | 'MAIL_TRANSPORT' | 'MAIL_IN_CHANNEL' | 'KNOWLEDGE_SOURCE' | 'PLUGINS'>): DynamicModule {
    const packages = settings.PLUGINS.split(',').map((p) => p.trim()).filter(Boolean);
    const chosen = choosePlugins(
      [...builtInCaptchaPlugins, ...builtInAttachmentStorePlugins, ...builtInMailTransportPlugins, ...builtInMailInChannelPlugins, ...builtInKnowledgeSourcePlugins, ...loadPluginPackages(packages)],
      {
        captcha: settings.CAPTCHA_PROVIDER,
        'attachment-store': settings.ATTACHMENT_STORE,
        'mail-transport': settings.MAIL_TRANSPORT,
        'mail-in': settings.MAIL_IN_CHANNEL,
        'knowledge-source': settings.KNOWLEDGE_SOURCE,
      },
    );
    const modules = chosen.map((definition) => definition.module);
    return { module: PluginsModule, imports: [PluginContextModule, ...modules], exports: modules };
  }
}
