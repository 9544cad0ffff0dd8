import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentLimitsController } from './attachment-limits.controller';
import { AttachmentEntity } from './attachment.entity';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentInspectionsRepository } from './attachment-inspections.repository';
import { AttachmentInspectionsService } from './attachment-inspections.service';
import { AttachmentsService } from './attachments.service';

@Module({
  imports: [TypeOrmModule.forFeature([AttachmentEntity])],
  controllers: [AttachmentLimitsController],
  providers: [AttachmentsService, AttachmentUploadInterceptor, AttachmentInspectionsRepository, AttachmentInspectionsService],
  exports: [AttachmentsService, AttachmentUploadInterceptor, AttachmentInspectionsService],
})
export class AttachmentsModule {}
