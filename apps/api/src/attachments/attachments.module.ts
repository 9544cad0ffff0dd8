import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentLimitsController } from './attachment-limits.controller';
import { AttachmentEntity } from './attachment.entity';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { AttachmentsService } from './attachments.service';

@Module({
  imports: [TypeOrmModule.forFeature([AttachmentEntity])],
  controllers: [AttachmentLimitsController],
  providers: [AttachmentsService, AttachmentUploadInterceptor],
  exports: [AttachmentsService, AttachmentUploadInterceptor],
})
export class AttachmentsModule {}
