import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, NewRequestEmails, StaffRole } from '@pidtrymka/contracts';

@Entity({ name: 'staff_accounts' })
@Check('staff_accounts_role_check', `role IN ('admin', 'agent')`)
@Check('staff_accounts_new_request_emails_check', `new_request_emails IN ('all', 'fallback', 'assigned', 'none')`)
// Unique on lower(email), an expression TypeORM cannot declare: written in the migration, kept out of schema sync.
@Index('staff_accounts_email_key', { synchronize: false })
export class StaffAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique regardless of case (`staff_accounts_email_key`). */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Shown on replies (R-STAFF-1). */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  role!: StaffRole;

  /** The language of the staff e-mails this person gets. */
  @Column({ type: 'varchar', length: 2, default: 'uk' })
  locale!: Locale;

  /** Issue 17, R-STAFF-2: which e-mails about requests this person gets (NEW_REQUEST_EMAILS); new accounts take their role's default. */
  @Column({ name: 'new_request_emails', type: 'varchar', length: 10, default: 'all' })
  newRequestEmails!: NewRequestEmails;

  /** argon2id. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /** Sealed by SecretsService (AES-256-GCM, key outside the database, issue 16); set by the setup step, in force once `totpEnabled`. */
  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret!: string | null;

  @Column({ name: 'totp_enabled', type: 'boolean', default: false })
  totpEnabled!: boolean;

  /** The time step of the last accepted code, so that a code works once. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  /** Failures from every address since the last success: past STAFF_SLOWDOWN_AFTER they slow the account down. */
  @Column({ name: 'failed_sign_ins', type: 'integer', default: 0 })
  failedSignIns!: number;

  @Column({ name: 'failed_sign_in_at', type: 'timestamptz', nullable: true })
  failedSignInAt!: Date | null;

  /** Until when an address the account never signed in from must wait to try (a backoff, never a lock for the owner). */
  @Column({ name: 'slowed_until', type: 'timestamptz', nullable: true })
  slowedUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
