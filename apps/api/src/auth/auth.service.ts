import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RecoveryCodesView, StaffMe, StaffSessionView, TotpSetupView } from '@pidtrymka/contracts';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import { PostgresThrottlerStorage } from '../common/throttler-storages';
import { AppConfig } from '../config/app-config';
import { SEALED_COLUMNS } from '../secrets/sealed-columns.repository';
import { UnsealError } from '../secrets/sealed-secrets';
import { SecretsService } from '../secrets/secrets.service';
import {
  csrfTokenFor,
  decoyPasswordHash,
  generateRecoveryCode,
  hashSecret,
  assertPasswordStrength,
  newSessionToken,
  normalizeRecoveryCode,
  sha256,
  verifySecret,
} from './credentials';
import { StaffAccountEntity } from './staff-account.entity';
import { StaffPrincipal } from './staff-principal';
import { AccountsRepository } from './accounts.repository';

const RECOVERY_CODE_COUNT = 10;
const TOTP_ISSUER = 'Pidtrymka';
/** Accept the code of the previous and next 30-second step too: phone clocks drift. */
const TOTP_TOLERANCE_SECONDS = 30;
/** Rate-limit counter names of the sign-in failures per address, and per account and address. */
const SIGN_IN_IP = 'staff-sign-in-ip';
const SIGN_IN_PAIR = 'staff-sign-in-pair';
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
  private readonly logger = new Logger('AuthService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    /** Always PostgreSQL: every instance must see the same failures. */
    private readonly counters: PostgresThrottlerStorage,
  ) {}

  /**
   * Guessing is stopped at three levels (OWASP ASVS 2.2), none of which lets a
   * stranger lock the owner out:
   * - one account from one address: STAFF_LOCKOUT_ATTEMPTS attempts without a success lock that pair;
   * - one address, any accounts (spraying): STAFF_LOCKOUT_IP_ATTEMPTS failures lock the address;
   * - one account from everywhere (a botnet): past STAFF_SLOWDOWN_AFTER failures, addresses the
   *   account never signed in from may try only once per growing delay (capped), while the
   *   owner's known addresses are spared. Refused attempts are not evaluated, so they teach nothing.
   */
  async signIn(attempt: SignInAttempt): Promise<SignedIn> {
    const { lockoutAttempts, lockoutMs, ipLockoutAttempts, slowdownAfter, slowdownMaxMs, sessionMaxMs } = this.config.staff;
    const locked = (seconds: number) => new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'sign_in_locked', { minutes: Math.ceil(seconds / 60) });
    const ipBlocked = await this.counters.blockedSeconds(attempt.ip, SIGN_IN_IP);
    if (ipBlocked > 0) throw locked(ipBlocked);
    // The pair counts every attempt as it starts (a good sign-in clears it), not each failure as it ends: parallel
    // guesses from one address then get STAFF_LOCKOUT_ATTEMPTS evaluations between them, not one each.
    const pairKey = sha256(`${attempt.ip}\n${attempt.email.trim().toLowerCase()}`);
    const pair = await this.counters.increment(pairKey, lockoutMs, lockoutAttempts, lockoutMs, SIGN_IN_PAIR);
    if (pair.isBlocked) throw locked(pair.timeToBlockExpire);

    const account = await this.accounts.findByEmail(attempt.email.trim());
    const slowing = account !== null && account.failedSignIns >= slowdownAfter && (account.failedSignInAt?.getTime() ?? 0) > Date.now() - lockoutMs;
    if (account && slowing && !(await this.accounts.isKnownSource(account.id, attempt.ip))) {
      const wait = await this.accounts.claimSlowedAttempt(account.id, slowdownAfter, lockoutMs, slowdownMaxMs);
      if (wait > 0) throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'sign_in_slowed', { seconds: wait });
    }

    const fail = async (code: 'invalid_credentials' | 'totp_invalid') => {
      await Promise.all([
        this.counters.increment(attempt.ip, lockoutMs, ipLockoutAttempts - 1, lockoutMs, SIGN_IN_IP),
        account ? this.accounts.recordAccountFailure(account.id, slowdownAfter, lockoutMs, slowdownMaxMs) : undefined,
      ]);
      return new ApiException(HttpStatus.UNAUTHORIZED, code);
    };

    const passwordOk = await verifySecret(account?.passwordHash ?? (await decoyPasswordHash()), attempt.password);
    if (!account || !account.isActive || !passwordOk) throw await fail('invalid_credentials');

    if (account.totpEnabled) {
      // The password was right; saying so only to someone who also has the second factor's prompt is the usual two-step trade-off.
      if (!attempt.code) throw new ApiException(HttpStatus.UNAUTHORIZED, 'totp_required');
      if (!(await this.useSecondFactor(account, attempt.code))) throw await fail('totp_invalid');
    }
    await Promise.all([this.accounts.recordSuccess(account.id, attempt.ip), this.counters.forget(pairKey, SIGN_IN_PAIR)]);

    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + sessionMaxMs);
    await this.accounts.insertSession({ tokenHash: sha256(token), staffId: account.id, ip: attempt.ip, userAgent: attempt.userAgent.slice(0, 300), expiresAt });
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: account.name }, action: 'staff.signed_in', details: { staffId: account.id, ip: attempt.ip } }),
    );
    return { token, view: await this.sessionView(token, account, expiresAt) };
  }

  /** The principal behind a cookie, or null when there is none, it expired or was revoked. */
  async authenticate(token: string): Promise<StaffPrincipal | null> {
    const tokenHash = sha256(token);
    const live = await this.accounts.findLiveSession(tokenHash, this.config.staff.sessionIdleMs);
    if (!live) return null;
    if (Date.now() - live.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.accounts.touchSession(tokenHash);
    const categoryIds = live.staff.role === 'admin' ? [] : await this.accounts.grantsOf(live.staff.id);
    return { ...pickMe(live.staff, categoryIds), sessionTokenHash: tokenHash };
  }

  async sessionFor(token: string, principal: StaffPrincipal): Promise<StaffSessionView> {
    const live = await this.accounts.findLiveSession(principal.sessionTokenHash, this.config.staff.sessionIdleMs);
    if (!live) throw new ApiException(HttpStatus.UNAUTHORIZED, 'staff_unauthenticated');
    return this.sessionView(token, live.staff, live.session.expiresAt);
  }

  async signOut(principal: StaffPrincipal): Promise<void> {
    await this.accounts.deleteSession(principal.sessionTokenHash);
  }

  async changePassword(principal: StaffPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.accounts.findById(principal.id);
    if (!account || !(await verifySecret(account.passwordHash, currentPassword))) throw new ApiException(HttpStatus.BAD_REQUEST, 'current_password_wrong');
    assertPasswordStrength(newPassword);
    const passwordHash = await hashSecret(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.update(manager, account.id, { passwordHash });
      await this.accounts.deleteSessionsOf(manager, account.id, principal.sessionTokenHash);
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: account.name }, action: 'staff.password_changed', details: { staffId: account.id } });
    });
  }

  /** Step 1 of two-factor sign-in: a new secret, in force only once a code from it is confirmed. */
  async setUpTotp(principal: StaffPrincipal): Promise<TotpSetupView> {
    if (principal.totpEnabled) throw new ApiException(HttpStatus.CONFLICT, 'totp_already_enabled');
    const secret = generateSecret();
    await this.accounts.update(this.dataSource.manager, principal.id, { totpSecret: this.secrets.seal(SEALED_COLUMNS.totpSecret, principal.id, secret), totpLastStep: null });
    return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label: principal.email, secret }) };
  }

  /** Step 2: a code proves the authenticator has the secret; returns the recovery codes, once. */
  async enableTotp(principal: StaffPrincipal, code: string): Promise<RecoveryCodesView> {
    const account = await this.accounts.findById(principal.id);
    if (!account?.totpSecret || account.totpEnabled) throw new ApiException(HttpStatus.CONFLICT, account?.totpEnabled ? 'totp_already_enabled' : 'totp_not_set_up');
    const step = await this.verifyTotp(account, code);
    if (step === null) throw new ApiException(HttpStatus.BAD_REQUEST, 'totp_invalid');
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
    const hashes = await Promise.all(recoveryCodes.map(hashSecret));
    await this.dataSource.transaction(async (manager) => {
      // Conditional, like every use of a step: of two parallel confirmations one wins, and its recovery codes are the ones in force.
      if (!(await this.accounts.enableTotp(manager, account.id, step))) throw new ApiException(HttpStatus.CONFLICT, 'totp_already_enabled');
      await this.accounts.replaceRecoveryCodes(manager, account.id, hashes);
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: account.name }, action: 'staff.totp_enabled', details: { staffId: account.id } });
    });
    return { recoveryCodes };
  }

  /**
   * Checks and uses up a second factor: a TOTP code's time step or a recovery
   * code. Each use is a conditional update, so of parallel sign-ins with one
   * code exactly one gets through (12.5).
   */
  private async useSecondFactor(account: StaffAccountEntity, code: string): Promise<boolean> {
    if (/^\d{6}$/.test(code.trim())) {
      const step = await this.verifyTotp(account, code.trim());
      return step !== null && this.accounts.useTotpStep(account.id, step);
    }
    const candidate = normalizeRecoveryCode(code);
    const unused = await this.accounts.unusedRecoveryCodes(account.id);
    // argon2 runs on libuv's thread pool: checking the codes side by side takes about as long as checking one.
    const matches = await Promise.all(unused.map((stored) => verifySecret(stored.codeHash, candidate)));
    const match = unused[matches.indexOf(true)];
    return match ? this.accounts.useRecoveryCode(match.id) : false;
  }

  /** The code's time step, if valid and newer than the last one used (the use itself is useTotpStep's). */
  private async verifyTotp(account: StaffAccountEntity, code: string): Promise<number | null> {
    const secret = account.totpSecret ? this.openTotpSecret(account.id, account.totpSecret) : null;
    if (!secret || !/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret,
      token: code,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(account.totpLastStep !== null ? { afterTimeStep: Number(account.totpLastStep) } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }

  /** Null when it does not open (another instance's key): the code is refused as any wrong one, and the log says why. */
  private openTotpSecret(staffId: string, stored: string): string | null {
    try {
      return this.secrets.open(SEALED_COLUMNS.totpSecret, staffId, stored);
    } catch (error) {
      if (!(error instanceof UnsealError)) throw error;
      this.logger.error(`The TOTP secret of staff account ${staffId} cannot be opened: ${error.message}`);
      return null;
    }
  }

  private async sessionView(token: string, account: StaffAccountEntity, expiresAt: Date): Promise<StaffSessionView> {
    const categoryIds = account.role === 'admin' ? [] : await this.accounts.grantsOf(account.id);
    return { staff: pickMe(account, categoryIds), csrfToken: csrfTokenFor(token), expiresAt: expiresAt.toISOString() };
  }
}

function pickMe(account: StaffAccountEntity, categoryIds: number[]): StaffMe {
  return { id: account.id, email: account.email, name: account.name, role: account.role, locale: account.locale, newRequestEmails: account.newRequestEmails, totpEnabled: account.totpEnabled, categoryIds };
}
