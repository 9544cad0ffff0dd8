import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { MyRequestsPage, ParticipantSessionView } from '@pidtrymka/contracts';
import type { Request, Response } from 'express';
import { CurrentParticipant, PARTICIPANT_COOKIE, ParticipantEndpoint, ParticipantSessionToken } from '../auth/participant-auth.guard';
import { ParticipantAuthService, type ParticipantPrincipal } from '../auth/participant-auth.service';
import { csrfTokenFor } from '../auth/credentials';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { AppConfig } from '../config/app-config';
import { MyRequestsPageDto, MyRequestsQueryDto, ParticipantSessionViewDto, RedeemSignInLinkDto, SignInLinkDto } from './dto/participant.dto';
import { ParticipantSpaceService } from './participant-space.service';

/** Where the cookie goes: every API call, as the staff one (the two guards each read their own). */
const COOKIE_PATH = '/api';

/** Issue 18: the participant's own space — sign-in without a password, and "My requests". */
@ApiTags('participants')
@PublicEndpoints()
@ApiRateLimitedResponse()
@Controller('participant')
export class ParticipantSpaceController {
  constructor(
    private readonly space: ParticipantSpaceService,
    private readonly auth: ParticipantAuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('auth/link')
  @HttpCode(202)
  @ApiOperation({ summary: 'E-mail a one-time sign-in link (15 minutes, single use) to the address; always 202, whether or not it has requests' })
  @ApiAcceptedResponse({ description: 'Queued; the answer is the same for every address' })
  @ApiTooManyRequestsResponse({ description: '`too_many_sign_in_links`: RATE_LIMIT_SIGN_IN_LINKS for this address or RATE_LIMIT_SIGN_IN_LINKS_PER_IP from this IP this hour' })
  async link(@Body() input: SignInLinkDto, @CallerInfo() caller: Caller): Promise<void> {
    await this.space.sendLink(input.email, caller);
  }

  @Post('auth/redeem')
  @HttpCode(200)
  @ApiOperation({ summary: 'Use up a sign-in link\'s token; sets the httpOnly participant session cookie (SameSite=Strict)' })
  @ApiOkResponse({ type: ParticipantSessionViewDto })
  @ApiBadRequestResponse({ description: '`sign_in_link_invalid`: unknown, used or expired (indistinguishable)' })
  async redeem(@Body() input: RedeemSignInLinkDto, @CallerInfo() caller: Caller, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ParticipantSessionView> {
    const { token, view } = await this.auth.redeem(input.token, caller.ip, request.header('user-agent') ?? '');
    response.cookie(PARTICIPANT_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: COOKIE_PATH,
      maxAge: this.config.participant.sessionMaxMs,
    });
    response.setHeader('Cache-Control', 'no-store');
    return view;
  }

  @Get('auth/session')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'The signed-in participant and the session\'s CSRF token (after a page reload)' })
  @ApiOkResponse({ type: ParticipantSessionViewDto })
  session(@CurrentParticipant() participant: ParticipantPrincipal & { expiresAt: Date }, @ParticipantSessionToken() token: string, @Res({ passthrough: true }) response: Response): ParticipantSessionView {
    response.setHeader('Cache-Control', 'no-store');
    return { email: participant.email, csrfToken: csrfTokenFor(token), expiresAt: participant.expiresAt.toISOString() };
  }

  @Post('auth/sign-out')
  @HttpCode(204)
  @ParticipantEndpoint({ csrf: true })
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  async signOut(@CurrentParticipant() participant: ParticipantPrincipal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOut(participant);
    response.clearCookie(PARTICIPANT_COOKIE, { path: COOKIE_PATH });
  }

  @Post('auth/sign-out-everywhere')
  @HttpCode(204)
  @ParticipantEndpoint({ csrf: true })
  @ApiOperation({ summary: 'End every session of this address, in every browser' })
  @ApiNoContentResponse()
  async signOutEverywhere(@CurrentParticipant() participant: ParticipantPrincipal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOutEverywhere(participant);
    response.clearCookie(PARTICIPANT_COOKIE, { path: COOKIE_PATH });
  }

  @Get('requests')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: '"My requests": the signed-in participant\'s requests (their address, any case), a merged one as the one it went into' })
  @ApiOkResponse({ type: MyRequestsPageDto })
  @ApiBadRequestResponse({ description: 'A bad filter, sort, page or page size; the message names it' })
  async requests(@CurrentParticipant() participant: ParticipantPrincipal, @Query() query: MyRequestsQueryDto, @Res({ passthrough: true }) response: Response): Promise<MyRequestsPage> {
    response.setHeader('Cache-Control', 'private, no-store');
    return this.space.myRequests(participant, query);
  }
}
