import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ATTACHMENT_STORE, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { AttachmentContentEntity } from './attachment-content.entity';
import { DatabaseAttachmentStore } from './database-attachment.store';
import { FilesystemAttachmentSettings, FilesystemAttachmentStore } from './filesystem-attachment.store';

@Module({
  imports: [TypeOrmModule.forFeature([AttachmentContentEntity])],
  providers: [{ provide: ATTACHMENT_STORE, useClass: DatabaseAttachmentStore }],
  exports: [ATTACHMENT_STORE],
})
class DatabaseAttachmentStoreModule {}

@Module({
  providers: [{ provide: ATTACHMENT_STORE, useClass: FilesystemAttachmentStore }],
  exports: [ATTACHMENT_STORE],
})
class FilesystemAttachmentStoreModule {}

export const builtInAttachmentStorePlugins: PluginDefinition[] = [
  { kind: 'attachment-store', name: 'database', module: DatabaseAttachmentStoreModule },
  { kind: 'attachment-store', name: 'filesystem', module: FilesystemAttachmentStoreModule, settings: FilesystemAttachmentSettings },
];
