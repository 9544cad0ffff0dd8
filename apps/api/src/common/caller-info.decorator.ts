import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { negotiateLocale } from '../i18n/locale';
import type { Locale } from '@pidtrymka/contracts';

/** Who is calling: their language for answers and e-mails, their IP for rate limits. */
export interface Caller {
  locale: Locale;
  ip: string;
}

/** The caller's language (Accept-Language) and IP (as `trust proxy` allows). */
export const CallerInfo = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Request>();
  return { locale: negotiateLocale(request.headers['accept-language']), ip: request.ip ?? request.socket.remoteAddress ?? 'unknown' };
});
