import { applyDecorators, CanActivate, ExecutionContext, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';

/**
 * The one rule of where a browser's call may come from, for a call that
 * another site could otherwise make a visitor's browser send: its Origin
 * header, or without one its Referer, must be one of our own origins:
 * PUBLIC_URL's, or the origin the call itself was made to (the page the
 * browser loaded from this server, e.g. 127.0.0.1 while PUBLIC_URL says
 * localhost; another site's page can set neither our Host nor its Origin).
 * A call with neither header passes: browsers send Origin with every
 * cross-origin POST, so it is no other site's page (it is a script or curl,
 * which holds whatever it sends anyway). "null" (a sandboxed or
 * privacy-strict context) and anything unreadable are refused.
 */
export function comesFromOwnSite(headers: { origin?: string; referer?: string }, ownOrigins: readonly string[]): boolean {
  const claimed = headers.origin ?? headers.referer;
  if (claimed === undefined || claimed === '') return headers.origin === undefined && !headers.referer;
  try {
    const origin = new URL(claimed).origin;
    return ownOrigins.some((own) => originOf(own) === origin);
  } catch {
    return false;
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Refuses (403 `origin_not_allowed`) a call that does not come from our own site by `comesFromOwnSite`. */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    // req.protocol and the Host header as this server was called (behind a proxy, as TRUST_PROXY lets it tell).
    const calledOrigin = `${request.protocol}://${request.header('host') ?? ''}`;
    if (comesFromOwnSite({ origin: request.header('origin'), referer: request.header('referer') }, [this.config.publicUrl, calledOrigin])) return true;
    throw new ApiException(HttpStatus.FORBIDDEN, 'origin_not_allowed');
  }
}

/**
 * A route only our own pages may call from a browser: one that signs the
 * browser in, where a forged call would sign a visitor in as someone else
 * (login CSRF), before any session and its CSRF token exist.
 */
export const SameOriginOnly = () =>
  applyDecorators(UseGuards(SameOriginGuard), ApiForbiddenResponse({ description: '`origin_not_allowed`: the browser says the call comes from another site (Origin, else Referer, is neither PUBLIC_URL\'s origin nor the one called)' }));
