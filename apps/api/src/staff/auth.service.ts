import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RecoveryCodesView, StaffMe, StaffSessionView, TotpSetupView } from '@pidtrymka/contracts';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import {
  csrfTokenFor,
  decoyPasswordHash,
  generateRecoveryCode,
  hashSecret,
  MIN_PASSWORD_LENGTH,
  newSessionToken,
  normalizeRecoveryCode,
  sha256,
  verifySecret,
} from './credentials';
import { StaffAccountEntity } from './staff-account.entity';
import { StaffPrincipal } from './staff-principal';
import { StaffRepository } from './staff.repository';

const RECOVERY_CODE_COUNT = 10;
const TOTP_ISSUER = 'Pidtrymka';
/** Accept the code of the previous and next 30-second step too: phone clocks drift. */
const TOTP_TOLERANCE_SECONDS = 30;
/** Writing last_seen_at on every call would make every read a write. */
const TOUCH_EVERY_MS = 60_000;

export interface SignInAttempt {
  email: string;
  password: string;
  code?: string;
  ip: string;
  userAgent: string;
}

export interface SignedIn {
  token: string;
  view: StaffSessionView;
}

/** Sign-in with password and TOTP, lockouts, and the database-backed sessions behind the staff cookie. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async signIn(attempt: SignInAttempt): Promise<SignedIn> {
    const { lockoutAttempts, lockoutMs, sessionMaxMs } = this.config.staff;
    const locked = () => new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'sign_in_locked', { minutes: Math.round(lockoutMs / 60_000) });
    if (await this.staff.ipLockedUntil(attempt.ip)) throw locked();

    const account = await this.staff.findByEmail(attempt.email.trim());
    if (account?.lockedUntil && account.lockedUntil.getTime() > Date.now()) throw locked();

    const passwordOk = await verifySecret(account?.passwordHash ?? (await decoyPasswordHash()), attempt.password);
    if (!account || !account.isActive || !passwordOk) {
      await this.fail(attempt.ip, account, lockoutAttempts, lockoutMs);
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'invalid_credentials');
    }

    let totpStep: number | undefined;
    if (account.totpEnabled) {
      // The password was right; saying so only to someone who also has the second factor's prompt is the usual two-step trade-off.
      if (!attempt.code) throw new ApiException(HttpStatus.UNAUTHORIZED, 'totp_required');
      const second = await this.checkSecondFactor(account, attempt.code);
      if (second === false) {
        await this.fail(attempt.ip, account, lockoutAttempts, lockoutMs);
        throw new ApiException(HttpStatus.UNAUTHORIZED, 'totp_invalid');
      }
      totpStep = second === true ? undefined : second;
    }
    await this.staff.recordSuccess(account.id, totpStep);

    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + sessionMaxMs);
    await this.staff.insertSession({ tokenHash: sha256(token), staffId: account.id, ip: attempt.ip, userAgent: attempt.userAgent.slice(0, 300), expiresAt });
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: account.name }, action: 'staff.signed_in', details: { staffId: account.id, ip: attempt.ip } }),
    );
    return { token, view: await this.sessionView(token, account, expiresAt) };
  }

  /** The principal behind a cookie, or null when there is none, it expired or was revoked. */
  async authenticate(token: string): Promise<StaffPrincipal | null> {
    const tokenHash = sha256(token);
    const live = await this.staff.findLiveSession(tokenHash, this.config.staff.sessionIdleMs);
    if (!live) return null;
    if (Date.now() - live.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.staff.touchSession(tokenHash);
    const categoryIds = live.staff.role === 'admin' ? [] : await this.staff.grantsOf(live.staff.id);
    return { ...pickMe(live.staff, categoryIds), sessionTokenHash: tokenHash };
  }

  async sessionFor(token: string, principal: StaffPrincipal): Promise<StaffSessionView> {
    const live = await this.staff.findLiveSession(principal.sessionTokenHash, this.config.staff.sessionIdleMs);
    if (!live) throw new ApiException(HttpStatus.UNAUTHORIZED, 'staff_unauthenticated');
    return this.sessionView(token, live.staff, live.session.expiresAt);
  }

  async signOut(principal: StaffPrincipal): Promise<void> {
    await this.staff.deleteSession(principal.sessionTokenHash);
  }

  async changePassword(principal: StaffPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.staff.findById(principal.id);
    if (!account || !(await verifySecret(account.passwordHash, currentPassword))) throw new ApiException(HttpStatus.BAD_REQUEST, 'current_password_wrong');
    assertPasswordStrength(newPassword);
    const passwordHash = await hashSecret(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, account.id, { passwordHash });
      await this.staff.deleteSessionsOf(manager, account.id, principal.sessionTokenHash);
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: account.name }, action: 'staff.password_changed', details: { staffId: account.id } });
    });
  }

  /** Step 1 of two-factor sign-in: a new secret, in force only once a code from it is confirmed. */
  async setUpTotp(principal: StaffPrincipal): Promise<TotpSetupView> {
    if (principal.totpEnabled) throw new ApiException(HttpStatus.CONFLICT, 'totp_already_enabled');
    const secret = generateSecret();
    await this.staff.update(this.dataSource.manager, principal.id, { totpSecret: secret });
    return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label: principal.email, secret }) };
  }

  /** Step 2: a code proves the authenticator has the secret; returns the recovery codes, once. */
  async enableTotp(principal: StaffPrincipal, code: string): Promise<RecoveryCodesView> {
    const account = await this.staff.findById(principal.id);
    if (!account?.totpSecret || account.totpEnabled) throw new ApiException(HttpStatus.CONFLICT, account?.totpEnabled ? 'totp_already_enabled' : 'totp_not_set_up');
    const step = await this.verifyTotp(account, code);
    if (step === null) throw new ApiException(HttpStatus.BAD_REQUEST, 'totp_invalid');
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
    const hashes = await Promise.all(recoveryCodes.map(hashSecret));
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, account.id, { totpEnabled: true, totpLastStep: String(step) });
      await this.staff.replaceRecoveryCodes(manager, account.id, hashes);
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: account.name }, action: 'staff.totp_enabled', details: { staffId: account.id } });
    });
    return { recoveryCodes };
  }

  /** A TOTP code's step, true for a recovery code (now used up), false for neither. */
  private async checkSecondFactor(account: StaffAccountEntity, code: string): Promise<number | true | false> {
    if (/^\d{6}$/.test(code.trim())) return (await this.verifyTotp(account, code.trim())) ?? false;
    const candidate = normalizeRecoveryCode(code);
    const unused = await this.staff.unusedRecoveryCodes(account.id);
    // argon2 runs on libuv's thread pool: checking the codes side by side takes about as long as checking one.
    const matches = await Promise.all(unused.map((stored) => verifySecret(stored.codeHash, candidate)));
    const match = unused[matches.indexOf(true)];
    return match ? this.staff.useRecoveryCode(match.id) : false;
  }

  /** The code's time step, if valid and newer than the last one used. */
  private async verifyTotp(account: StaffAccountEntity, code: string): Promise<number | null> {
    if (!account.totpSecret || !/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret: account.totpSecret,
      token: code,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(account.totpLastStep !== null ? { afterTimeStep: Number(account.totpLastStep) } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }

  private async fail(ip: string, account: StaffAccountEntity | null, attempts: number, lockMs: number): Promise<void> {
    await this.staff.recordIpFailure(ip, attempts, lockMs);
    if (account) await this.staff.recordAccountFailure(account.id, attempts, lockMs);
  }

  private async sessionView(token: string, account: StaffAccountEntity, expiresAt: Date): Promise<StaffSessionView> {
    const categoryIds = account.role === 'admin' ? [] : await this.staff.grantsOf(account.id);
    return { staff: pickMe(account, categoryIds), csrfToken: csrfTokenFor(token), expiresAt: expiresAt.toISOString() };
  }
}

function pickMe(account: StaffAccountEntity, categoryIds: number[]): StaffMe {
  return { id: account.id, email: account.email, name: account.name, role: account.role, locale: account.locale, totpEnabled: account.totpEnabled, categoryIds };
}

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ApiException(HttpStatus.BAD_REQUEST, 'password_too_short', { min: MIN_PASSWORD_LENGTH });
}
