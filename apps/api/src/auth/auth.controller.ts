import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { RecoveryCodesView, StaffSessionView, TotpSetupView } from '@pidtrymka/contracts';
import type { Request, Response } from 'express';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { PublicEndpoints } from '../common/openapi.decorators';
import { AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { RecoveryCodesViewDto, StaffSessionViewDto, TotpSetupViewDto } from './dto/auth-views.dto';
import { ChangePasswordDto, SignInDto, TotpEnableDto } from './dto/auth.dto';
import { SameOriginOnly } from './same-origin.guard';
import { CurrentStaff, DocumentStaffSecurity, SessionToken, STAFF_COOKIE, StaffAuthGuard } from './staff-auth.guard';
import { StaffPrincipal } from './staff-principal';

@ApiTags('staff')
@PublicEndpoints()
@DocumentStaffSecurity()
@Controller('staff/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  // Before any counting: a rival site's page must neither sign a visitor's browser in as its own account (login CSRF) nor spend their lockout.
  @SameOriginOnly()
  @ApiOperation({ summary: 'Sign in with e-mail, password and (once enabled) a TOTP or recovery code; sets the httpOnly session cookie' })
  @ApiOkResponse({ type: StaffSessionViewDto, description: 'The staff member, the CSRF token for state-changing calls and when the session ends' })
  @ApiUnauthorizedResponse({ description: '`invalid_credentials`, `totp_required` or `totp_invalid`' })
  @ApiTooManyRequestsResponse({ description: '`sign_in_locked`: too many failures from this address, or for this account from it; `sign_in_slowed`: the account is being guessed at, try again in a few seconds (addresses it signed in from are spared)' })
  async signIn(@Body() input: SignInDto, @CallerInfo() caller: Caller, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StaffSessionView> {
    const { token, view } = await this.auth.signIn({ ...input, ip: caller.ip, userAgent: request.header('user-agent') ?? '' });
    response.cookie(STAFF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/api',
      maxAge: this.config.staff.sessionMaxMs,
    });
    response.setHeader('Cache-Control', 'no-store');
    return view;
  }

  @Get('session')
  @UseGuards(StaffAuthGuard)
  @ApiOperation({ summary: 'The signed-in staff member and the session\'s CSRF token (after a page reload)' })
  @ApiOkResponse({ type: StaffSessionViewDto, description: 'As the sign-in answer' })
  session(@CurrentStaff() staff: StaffPrincipal, @SessionToken() token: string, @Res({ passthrough: true }) response: Response): Promise<StaffSessionView> {
    response.setHeader('Cache-Control', 'no-store');
    return this.auth.sessionFor(token, staff);
  }

  @Post('sign-out')
  @HttpCode(204)
  @UseGuards(StaffAuthGuard)
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  async signOut(@CurrentStaff() staff: StaffPrincipal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOut(staff);
    response.clearCookie(STAFF_COOKIE, { path: '/api' });
  }

  @Post('password')
  @HttpCode(204)
  @UseGuards(StaffAuthGuard)
  @ApiOperation({ summary: 'Change one\'s password; every other session ends' })
  @ApiNoContentResponse()
  async changePassword(@CurrentStaff() staff: StaffPrincipal, @Body() input: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(staff, input.currentPassword, input.newPassword);
  }

  @Post('totp/setup')
  @UseGuards(StaffAuthGuard)
  @ApiOperation({ summary: 'Start two-factor sign-in: a new secret and its otpauth:// URL for the authenticator' })
  @ApiOkResponse({ type: TotpSetupViewDto })
  setUpTotp(@CurrentStaff() staff: StaffPrincipal): Promise<TotpSetupView> {
    return this.auth.setUpTotp(staff);
  }

  @Post('totp/enable')
  @UseGuards(StaffAuthGuard)
  @ApiOperation({ summary: 'Confirm a code from the authenticator; two-factor sign-in is then required. Returns the one-time recovery codes, once' })
  @ApiOkResponse({ type: RecoveryCodesViewDto })
  enableTotp(@CurrentStaff() staff: StaffPrincipal, @Body() input: TotpEnableDto): Promise<RecoveryCodesView> {
    return this.auth.enableTotp(staff, input.code);
  }
}
