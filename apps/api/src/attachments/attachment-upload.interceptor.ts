import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { ATTACHMENTS_FIELD, formatBytes } from '@pidtrymka/contracts';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { ApiException } from '../common/api.exception';
import { MAX_BODY_DEPTH, normalizeBody } from '../common/request-bodies';
import { AppConfig } from '../config/app-config';

/** Generous for a 50,000-character message in 4-byte UTF-8, far below anything abusive. */
const MAX_FIELD_BYTES = 256 * 1024;

/**
 * Reads a multipart form (JSON bodies pass through untouched) into memory
 * within the limits of R-SUB-6, turning each broken limit into an error that
 * names it, in the caller's language.
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly upload: RequestHandler;

  constructor(private readonly config: AppConfig) {
    const { maxCount, maxBytes } = config.attachments;
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { files: maxCount, fileSize: maxBytes, fields: 20, fieldSize: MAX_FIELD_BYTES, parts: 20 + maxCount, headerPairs: 100 },
      // Browsers send UTF-8 file names without saying so; busboy's default would garble Cyrillic.
      defParamCharset: 'utf8',
    }).array(ATTACHMENTS_FIELD, maxCount);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    await new Promise<void>((resolve, reject) =>
      this.upload(request, http.getResponse<Response>(), (error?: unknown) => (error ? reject(this.toApiError(error)) : resolve())),
    );
    // multer nests fields named `a[b][c]…` into objects: as deep as a JSON body could be.
    if (!normalizeBody(request.body, MAX_BODY_DEPTH)) throw new ApiException(HttpStatus.BAD_REQUEST, 'json_too_deep', { max: MAX_BODY_DEPTH });
    return next.handle();
  }

  private toApiError(error: unknown): ApiException {
    const { maxCount, maxBytes } = this.config.attachments;
    if (!(error instanceof MulterError)) return new ApiException(HttpStatus.BAD_REQUEST, 'malformed_multipart');
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, 'attachment_too_large', (locale) => ({ max: formatBytes(maxBytes, locale) }));
      case 'LIMIT_FILE_COUNT':
        return new ApiException(HttpStatus.BAD_REQUEST, 'attachments_too_many', { max: maxCount });
      case 'LIMIT_UNEXPECTED_FILE':
        return error.field === ATTACHMENTS_FIELD
          ? new ApiException(HttpStatus.BAD_REQUEST, 'attachments_too_many', { max: maxCount })
          : new ApiException(HttpStatus.BAD_REQUEST, 'attachment_field_unexpected', { field: ATTACHMENTS_FIELD });
      case 'LIMIT_FIELD_VALUE':
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, 'payload_too_large', (locale) => ({ limit: formatBytes(MAX_FIELD_BYTES, locale) }));
      default:
        return new ApiException(HttpStatus.BAD_REQUEST, 'malformed_multipart');
    }
  }
}
