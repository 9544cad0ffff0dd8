import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CSRF_HEADER } from '@pidtrymka/contracts';
import type { Request } from 'express';
import { ApiException } from '../common/api.exception';
import { csrfTokenMatches } from './credentials';
import { ParticipantAuthService, ParticipantPrincipal } from './participant-auth.service';
import { CSRF_SCHEME, SAFE_METHODS } from './staff-auth.guard';

/** Not the staff cookie: the two guards read one cookie each, and their sessions live in separate tables. */
export const PARTICIPANT_COOKIE = 'pidtrymka_participant';
/** The OpenAPI security scheme of the participant's cookie (defined in buildOpenApiDocument). */
export const PARTICIPANT_SESSION_SCHEME = 'participantSession';

type ParticipantRequest = Request & { participant?: ParticipantPrincipal & { expiresAt: Date }; participantToken?: string };

/** The signed-in participant (the guard has checked there is one). */
export const CurrentParticipant = createParamDecorator(
  (_: unknown, context: ExecutionContext): ParticipantPrincipal & { expiresAt: Date } => context.switchToHttp().getRequest<ParticipantRequest>().participant!,
);

/** The session token of the call, for the CSRF token derived from it. */
export const ParticipantSessionToken = createParamDecorator((_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<ParticipantRequest>().participantToken!);

/**
 * The participant's own space (issue 18): a live participant session from its
 * httpOnly cookie (401 without), and the session's CSRF token in a header on
 * every state-changing call (403 without), as StaffAuthGuard checks staff.
 */
@Injectable()
export class ParticipantAuthGuard implements CanActivate {
  constructor(private readonly auth: ParticipantAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ParticipantRequest>();
    const token: unknown = request.cookies?.[PARTICIPANT_COOKIE];
    const principal = typeof token === 'string' && token.length <= 100 ? await this.auth.authenticate(token) : null;
    if (!principal) throw new ApiException(HttpStatus.UNAUTHORIZED, 'participant_unauthenticated');
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(request.header(CSRF_HEADER), token as string)) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'csrf_invalid');
    }
    request.participant = principal;
    request.participantToken = token as string;
    return true;
  }
}

/** A route of the participant's own space: guarded and documented as such (`csrf`: a state-changing one). */
export const ParticipantEndpoint = (options: { csrf: boolean }) =>
  applyDecorators(
    UseGuards(ParticipantAuthGuard),
    ApiSecurity(options.csrf ? { [PARTICIPANT_SESSION_SCHEME]: [], [CSRF_SCHEME]: [] } : { [PARTICIPANT_SESSION_SCHEME]: [] }),
    ApiUnauthorizedResponse({ description: '`participant_unauthenticated`: signed out or expired' }),
    ...(options.csrf ? [ApiForbiddenResponse({ description: '`csrf_invalid`: no or wrong CSRF token' })] : []),
  );
