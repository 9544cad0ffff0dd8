import { DynamicModule, Module } from '@nestjs/common';
import { AttachmentInspectionRunner } from './attachment-inspection.runner';
import { AttachmentInspectionsRepository } from './attachment-inspections.repository';

/**
 * The runner of the attachment-inspector plugins; PluginsModule imports it
 * when ATTACHMENT_INSPECTORS names any, with the inspectors it chose
 * (REGISTERED_ATTACHMENT_INSPECTORS), and registers the runner among the
 * event subscribers.
 */
@Module({})
export class AttachmentInspectionModule {
  static forInspectors(inspectors: { imports: DynamicModule[]; providers: DynamicModule['providers'] }): DynamicModule {
    return {
      module: AttachmentInspectionModule,
      imports: inspectors.imports,
      providers: [...(inspectors.providers ?? []), AttachmentInspectionsRepository, AttachmentInspectionRunner],
      exports: [AttachmentInspectionRunner],
    };
  }
}
