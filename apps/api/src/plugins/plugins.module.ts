import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { PLUGIN_CONTEXT, PluginContext } from '@pidtrymka/plugin-sdk';
import { AppConfig } from '../config/app-config';
import { ChosenPlugin } from './app-settings';

/** What every plugin module may inject: PLUGIN_CONTEXT, and its own settings by their class. */
@Global()
@Module({})
class PluginContextModule {
  static forRoot(plugins: readonly ChosenPlugin[]): DynamicModule {
    const settings = new Map(plugins.filter((plugin) => plugin.settings).map((plugin) => [plugin.settings!.constructor, plugin.settings!]));
    const tokens = [PLUGIN_CONTEXT, ...settings.keys()];
    const providers: Provider[] = [
      { provide: PLUGIN_CONTEXT, inject: [AppConfig], useFactory: (config: AppConfig): PluginContext => ({ dataDir: config.dataDir }) },
      ...[...settings].map(([type, value]) => ({ provide: type, useValue: value })),
    ];
    return { module: PluginContextModule, providers, exports: tokens };
  }
}

/**
 * Imports, for each plugin interface, the implementation its setting names —
 * built-in or from a package in PLUGINS, chosen by loadAppSettings — and
 * makes its token available to the whole API.
 */
@Global()
@Module({})
export class PluginsModule {
  static forRoot(plugins: readonly ChosenPlugin[]): DynamicModule {
    const modules = plugins.map((plugin) => plugin.definition.module);
    return { module: PluginsModule, imports: [PluginContextModule.forRoot(plugins), ...modules], exports: modules };
  }
}
