import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { EVENT_SUBSCRIBER, EventSubscriber, MULTI_PLUGIN_KINDS, PLUGIN_CONTEXT, PluginContext, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { AppConfig } from '../config/app-config';
import { REGISTERED_EVENT_SUBSCRIBERS, RegisteredEventSubscriber } from '../events/registered-subscribers';
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
    const single = plugins.filter((plugin) => !(plugin.definition.kind in MULTI_PLUGIN_KINDS));
    const subscribers = plugins.filter((plugin) => plugin.definition.kind === 'event-subscriber').map((plugin) => plugin.definition);
    const modules = single.map((plugin) => plugin.definition.module);
    const hosts = subscribers.map((definition) => subscriberHost(definition));
    const registered: Provider = {
      provide: REGISTERED_EVENT_SUBSCRIBERS,
      inject: hosts.map((host) => host.token),
      useFactory: (...instances: EventSubscriber[]): RegisteredEventSubscriber[] => subscribers.map((definition, i) => ({ name: definition.name, subscriber: instances[i] })),
    };
    return {
      module: PluginsModule,
      imports: [PluginContextModule.forRoot(plugins), ...modules, ...hosts.map((host) => host.module)],
      providers: [registered],
      exports: [...modules, REGISTERED_EVENT_SUBSCRIBERS],
    };
  }
}

/**
 * Every event-subscriber plugin provides EVENT_SUBSCRIBER; imported side by
 * side, the last would shadow the others. Each is imported instead by a
 * module of its own, which re-provides it under a token of its own.
 */
function subscriberHost(definition: PluginDefinition): { module: DynamicModule; token: string } {
  const token = `${EVENT_SUBSCRIBER}:${definition.name}`;
  const host = class {};
  Object.defineProperty(host, 'name', { value: `EventSubscriberHost(${definition.name})` });
  return {
    token,
    module: { module: host, imports: [definition.module], providers: [{ provide: token, useExisting: EVENT_SUBSCRIBER }], exports: [token] },
  };
}
