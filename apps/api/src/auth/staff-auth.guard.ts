import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, HttpStatus, Injectable, RequestMethod, SetMetadata, UseGuards } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiForbiddenResponse, ApiResponseOptions, ApiSecurity, ApiTags, ApiUnauthorizedResponse, DECORATORS } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER } from '@pidtrymka/contracts';
import type { Request } from 'express';
import { ApiException } from '../common/api.exception';
import { AuthService } from './auth.service';
import { csrfTokenMatches } from './credentials';
import { StaffPrincipal } from './staff-principal';

export const STAFF_COOKIE = 'pidtrymka_staff';
/** The OpenAPI security schemes the guard checks (defined in buildOpenApiDocument). */
export const STAFF_SESSION_SCHEME = 'staffSession';
export const CSRF_SCHEME = 'csrfToken';
const ADMIN_ONLY = 'pidtrymka:admin-only';
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(request.header(CSRF_HEADER), token as string)) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'csrf_invalid');
    }
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]);
    if (adminOnly && principal.role !== 'admin') throw new ApiException(HttpStatus.FORBIDDEN, 'staff_forbidden');
    request.staff = principal;
    request.staffToken = token as string;
    return true;
  }
}

const UNAUTHENTICATED: ApiResponseOptions = { description: '`staff_unauthenticated`: signed out or expired' };
const NO_CSRF: ApiResponseOptions = { description: '`csrf_invalid`: no or wrong CSRF token' };
const NOT_ADMIN: ApiResponseOptions = { description: '`staff_forbidden`: not an admin; `csrf_invalid`: no or wrong CSRF token' };

/**
 * OpenAPI for the routes of a controller that the guard protects (on the
 * class, or on the route): the session cookie, and on a state-changing
 * method the CSRF header as well, as canActivate checks them, with the 401
 * and 403 they answer. A class decorator because only there every route's
 * HTTP method is known; a route that documents its own 401 or 403 keeps it.
 */
export const DocumentStaffSecurity =
  (forbidden: ApiResponseOptions = NO_CSRF): ClassDecorator =>
  (target) => {
    const guardedClass = guardedBy(target);
    for (const name of Object.getOwnPropertyNames(target.prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(target.prototype as object, name)!;
      const handler = descriptor.value as object | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler ?? {}) as RequestMethod | undefined;
      if (method === undefined || !(guardedClass || guardedBy(handler ?? {}))) continue;
      const safe = SAFE_METHODS.has(RequestMethod[method]);
      ApiSecurity(safe ? { [STAFF_SESSION_SCHEME]: [] } : { [STAFF_SESSION_SCHEME]: [], [CSRF_SCHEME]: [] })(target.prototype as object, name, descriptor);
      const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler ?? {}) ?? {}) as Record<string, unknown>;
      if (!responses['401']) ApiUnauthorizedResponse(UNAUTHENTICATED)(target.prototype as object, name, descriptor);
      if (!responses['403'] && (!safe || forbidden === NOT_ADMIN)) ApiForbiddenResponse(forbidden)(target.prototype as object, name, descriptor);
    }
  };

function guardedBy(target: object): boolean {
  return ((Reflect.getMetadata(GUARDS_METADATA, target) ?? []) as unknown[]).includes(StaffAuthGuard);
}

/** A controller of the staff workspace: signed-in staff only, documented as such. */
export const StaffEndpoints = () => applyDecorators(ApiTags('staff'), UseGuards(StaffAuthGuard), DocumentStaffSecurity());

/** A controller for admins only. */
export const AdminEndpoints = () => applyDecorators(ApiTags('staff'), UseGuards(StaffAuthGuard), AdminOnly(), DocumentStaffSecurity(NOT_ADMIN));
