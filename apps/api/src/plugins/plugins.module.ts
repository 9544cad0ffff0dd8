import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { ATTACHMENT_INSPECTOR, AttachmentInspector, EVENT_SUBSCRIBER, EventSubscriber, MULTI_PLUGIN_KINDS, MultiPluginKind, PLUGIN_CONTEXT, PluginContext, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { AttachmentInspectionModule } from '../attachments/attachment-inspection.module';
import { ATTACHMENT_INSPECTION_SUBSCRIBER_NAME, AttachmentInspectionRunner } from '../attachments/attachment-inspection.runner';
import { REGISTERED_ATTACHMENT_INSPECTORS, RegisteredAttachmentInspector } from '../attachments/registered-inspectors';
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
    const inspectors = plugins.filter((plugin) => plugin.definition.kind === 'attachment-inspector').map((plugin) => plugin.definition);
    const modules = single.map((plugin) => plugin.definition.module);
    const hosts = subscribers.map((definition) => multiHost(definition, EVENT_SUBSCRIBER));
    const inspection = inspectors.length > 0 ? [inspectionModule(inspectors)] : [];
    const registered: Provider = {
      provide: REGISTERED_EVENT_SUBSCRIBERS,
      inject: [...hosts.map((host) => host.token), ...(inspection.length > 0 ? [AttachmentInspectionRunner] : [])],
      useFactory: (...instances: EventSubscriber[]): RegisteredEventSubscriber[] => [
        ...subscribers.map((definition, i) => ({ name: definition.name, subscriber: instances[i] })),
        // Issue 20: the inspectors run off the request's path, brought by its events like any subscriber.
        ...(inspection.length > 0 ? [{ name: ATTACHMENT_INSPECTION_SUBSCRIBER_NAME, subscriber: instances[subscribers.length] }] : []),
      ],
    };
    return {
      module: PluginsModule,
      imports: [PluginContextModule.forRoot(plugins), ...modules, ...hosts.map((host) => host.module), ...inspection],
      providers: [registered],
      exports: [...modules, REGISTERED_EVENT_SUBSCRIBERS],
    };
  }
}

/** The runner with each attachment-inspector plugin under a token of its own, gathered as REGISTERED_ATTACHMENT_INSPECTORS. */
function inspectionModule(definitions: readonly PluginDefinition[]): DynamicModule {
  const hosts = definitions.map((definition) => multiHost(definition, ATTACHMENT_INSPECTOR));
  const registered: Provider = {
    provide: REGISTERED_ATTACHMENT_INSPECTORS,
    inject: hosts.map((host) => host.token),
    useFactory: (...instances: AttachmentInspector[]): RegisteredAttachmentInspector[] => definitions.map((definition, i) => ({ name: definition.name, inspector: instances[i] })),
  };
  return AttachmentInspectionModule.forInspectors({ imports: hosts.map((host) => host.module), providers: [registered] });
}

/**
 * Every plugin of a kind that runs several at once provides the kind's token
 * (EVENT_SUBSCRIBER, ATTACHMENT_INSPECTOR); imported side by side, the last
 * would shadow the others. Each is imported instead by a module of its own,
 * which re-provides it under a token of its own.
 */
function multiHost(definition: PluginDefinition, kindToken: (typeof MULTI_PLUGIN_KINDS)[MultiPluginKind]['token']): { module: DynamicModule; token: string } {
  const token = `${kindToken}:${definition.name}`;
  const host = class {};
  Object.defineProperty(host, 'name', { value: `${definition.kind === 'attachment-inspector' ? 'AttachmentInspector' : 'EventSubscriber'}Host(${definition.name})` });
  return {
    token,
    module: { module: host, imports: [definition.module], providers: [{ provide: token, useExisting: kindToken }], exports: [token] },
  };
}
