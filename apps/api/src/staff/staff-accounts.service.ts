import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_NEW_REQUEST_EMAILS } from '@pidtrymka/contracts';
import type { CreateStaffResponse, Locale, NewRequestEmails, StaffAccountView, StaffRole, StaffTeamMember } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { lockUntilCommit } from '../database/advisory-lock';
import { ApiException } from '../common/api.exception';
import { assertPasswordStrength, generatePassword, hashSecret } from '../auth/credentials';
import { Ownerships } from './ownerships';
import { UpdateStaffDto } from './dto/staff-accounts.dto';
import { StaffAccountEntity } from '../auth/staff-account.entity';
import { StaffPrincipal } from '../auth/staff-principal';
import { StaffRepository } from './staff.repository';
import { AccountsRepository } from '../auth/accounts.repository';

export interface NewStaff {
  email: string;
  name: string;
  role: StaffRole;
  locale?: Locale;
  newRequestEmails?: NewRequestEmails;
  password?: string;
  categoryIds?: number[];
}

type Actor = { name: string };

/** Staff management (admins only) and the first admin. */
/** Several instances starting at once create one first admin. */
const FIRST_ADMIN_LOCK = 7261003;

@Injectable()
export class StaffAccountsService {
  private readonly logger = new Logger('Staff');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
    private readonly ownerships: Ownerships,
  ) {}

  async list(): Promise<StaffAccountView[]> {
    return (await this.staff.listWithGrants()).map((a) => toView(a, a.categoryIds));
  }

  /** Active staff, with what they may own: what every staff member may know of the others. */
  async team(): Promise<StaffTeamMember[]> {
    return (await this.staff.listWithGrants()).filter((a) => a.isActive).map((a) => ({ id: a.id, name: a.name, role: a.role, categoryIds: a.categoryIds }));
  }

  async create(input: NewStaff, actor: Actor): Promise<CreateStaffResponse> {
    const generated = input.password ? undefined : generatePassword();
    const password = input.password ?? generated!;
    assertPasswordStrength(password);
    const categoryIds = [...new Set(input.categoryIds ?? [])];
    await this.assertCategories(categoryIds);
    const passwordHash = await hashSecret(password);
    const account = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.staff.insert(manager, {
          email: input.email.trim(),
          name: input.name,
          role: input.role,
          locale: input.locale ?? 'uk',
          newRequestEmails: input.newRequestEmails ?? DEFAULT_NEW_REQUEST_EMAILS[input.role],
          passwordHash,
        }, categoryIds);
      if (!inserted) throw new ApiException(HttpStatus.CONFLICT, 'staff_email_taken');
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action: 'staff.created', details: { staffId: inserted.id, email: inserted.email, role: inserted.role } });
      return inserted;
    });
    return { account: toView(account, categoryIds), ...(generated ? { password: generated } : {}) };
  }

  async update(id: string, input: UpdateStaffDto, actor: StaffPrincipal): Promise<StaffAccountView> {
    const account = await this.accounts.findById(id);
    if (!account) throw new ApiException(HttpStatus.NOT_FOUND, 'staff_not_found');
    if (id === actor.id && (input.active === false || input.role === 'agent')) throw new ApiException(HttpStatus.BAD_REQUEST, 'staff_cannot_demote_self');
    const categoryIds = input.categoryIds ? [...new Set(input.categoryIds)] : undefined;
    if (categoryIds) await this.assertCategories(categoryIds);
    await this.dataSource.transaction(async (manager) => {
      // Before any request is touched: an assignment to this person in flight waits, then sees the new access (issue 12.3).
      await this.staff.holdAccount(manager, id, 'update');
      const changes: Partial<StaffAccountEntity> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.role !== undefined) changes.role = input.role;
      if (input.locale !== undefined) changes.locale = input.locale;
      if (input.newRequestEmails !== undefined) changes.newRequestEmails = input.newRequestEmails;
      if (input.active !== undefined) changes.isActive = input.active;
      if (input.resetTotp) Object.assign(changes, { totpEnabled: false, totpSecret: null, totpLastStep: null });
      await this.accounts.update(manager, id, changes);
      if (categoryIds) await this.staff.setGrants(manager, id, categoryIds);
      if (input.active === false || input.resetTotp) await this.accounts.deleteSessionsOf(manager, id);
      if (input.resetTotp) await this.accounts.replaceRecoveryCodes(manager, id, []);
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action: 'staff.updated', details: { staffId: id, ...input } });
      // Issue 12.3: requests this person may no longer see (grant removed, deactivated, made an agent) lose them as owner.
      if (categoryIds || input.active === false || input.role !== undefined) await this.ownerships.releaseLost(manager, { staffId: id }, actor, 'access_changed');
    });
    return toView((await this.accounts.findById(id))!, await this.accounts.grantsOf(id));
  }

  /** Issue 17: each staff member chooses which e-mails about requests they get; audited like an admin's change. */
  async updateOwnProfile(actor: StaffPrincipal, newRequestEmails: NewRequestEmails): Promise<{ newRequestEmails: NewRequestEmails }> {
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.update(manager, actor.id, { newRequestEmails });
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action: 'staff.updated', details: { staffId: actor.id, newRequestEmails, own: true } });
    });
    return { newRequestEmails };
  }

  /**
   * The first admin of an empty installation, from ADMIN_EMAIL (and
   * ADMIN_PASSWORD, else a generated one written to the log once). Several
   * instances starting together create it once: the count and the insert
   * run under a transaction-scoped advisory lock.
   */
  async ensureFirstAdmin(email: string, name: string, password: string | undefined, announce: (line: string) => void): Promise<boolean> {
    const generated = password ? undefined : generatePassword();
    const passwordHash = await hashSecret(password ?? generated!);
    const created = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, FIRST_ADMIN_LOCK);
      if ((await this.staff.countAll(manager)) > 0) return false;
      await this.staff.insert(manager, { email, name, role: 'admin', locale: 'uk', newRequestEmails: DEFAULT_NEW_REQUEST_EMAILS.admin, passwordHash }, []);
      await this.audit.record(manager, { ticketId: null, actor: { type: 'system', name: 'system' }, action: 'staff.created', details: { email, role: 'admin', firstAdmin: true } });
      return true;
    });
    if (created) announce(generated ? `First admin ${email} created; password: ${generated} (change it after signing in)` : `First admin ${email} created`);
    return created;
  }

  private async assertCategories(ids: number[]): Promise<void> {
    if (ids.length > 0 && (await this.staff.countExistingCategories(ids)) !== ids.length) throw new ApiException(HttpStatus.BAD_REQUEST, 'category_not_found');
  }
}

function toView(account: StaffAccountEntity, categoryIds: number[]): StaffAccountView {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    locale: account.locale,
    newRequestEmails: account.newRequestEmails,
    active: account.isActive,
    totpEnabled: account.totpEnabled,
    categoryIds,
    createdAt: account.createdAt.toISOString(),
  };
}
