import { HttpException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

type Params = Record<string, string | number>;
/** Parameters whose value depends on the reader's language (e.g. sizes). */
export type LocalizedParams = Params | ((locale: 'uk' | 'en') => Params);

/**
 * An error a client caused, named by a code of `i18n/messages.ts`; the
 * exception filter renders it in the caller's language.
 */
export class ApiException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    readonly params: LocalizedParams = {},
    /** Fields added to the error body beside the message, e.g. the new messages of a 409 collision. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code, status);
  }
}

export class ValidationFailedException extends HttpException {
  constructor(readonly errors: ValidationError[]) {
    super('validation_failed', HttpStatus.BAD_REQUEST);
  }
}
