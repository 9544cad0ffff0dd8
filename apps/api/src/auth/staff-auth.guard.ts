import { timingSafeEqual } from 'node:crypto';
import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, HttpStatus, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER } from '@pidtrymka/contracts';
import type { Request } from 'express';
import { ApiException } from '../common/api.exception';
import { AuthService } from './auth.service';
import { csrfTokenFor } from './credentials';
import { StaffPrincipal } from './staff-principal';

export const STAFF_COOKIE = 'pidtrymka_staff';
const ADMIN_ONLY = 'pidtrymka:admin-only';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type StaffRequest = Request & { staff?: StaffPrincipal; staffToken?: string };

/** Staff management: admins only; agents get 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** The signed-in staff member (the guard has checked there is one). */
export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext): StaffPrincipal => context.switchToHttp().getRequest<StaffRequest>().staff!);

/** The session token of the call, for answers that derive from it (the CSRF token). */
export const SessionToken = createParamDecorator((_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<StaffRequest>().staffToken!);

/**
 * Every staff route: a live session from the httpOnly cookie (401 without),
 * the session's CSRF token in a header on every state-changing call (403
 * without), and the admin role where a route asks for it (403).
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token: unknown = request.cookies?.[STAFF_COOKIE];
    const principal = typeof token === 'string' && token.length <= 100 ? await this.auth.authenticate(token) : null;
    if (!principal) throw new ApiException(HttpStatus.UNAUTHORIZED, 'staff_unauthenticated');
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.header(CSRF_HEADER), csrfTokenFor(token as string))) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'csrf_invalid');
    }
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]);
    if (adminOnly && principal.role !== 'admin') throw new ApiException(HttpStatus.FORBIDDEN, 'staff_forbidden');
    request.staff = principal;
    request.staffToken = token as string;
    return true;
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A controller of the staff workspace: signed-in staff only, documented as such. */
export const StaffEndpoints = () =>
  applyDecorators(ApiTags('staff'), ApiCookieAuth(), ApiUnauthorizedResponse({ description: 'Signed out or expired' }), UseGuards(StaffAuthGuard));

/** A controller for admins only. */
export const AdminEndpoints = () => applyDecorators(StaffEndpoints(), ApiForbiddenResponse({ description: 'Not an admin, or no CSRF token' }), AdminOnly());
