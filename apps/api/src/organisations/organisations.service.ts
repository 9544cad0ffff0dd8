import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ContactInput,
  CreateOrganisationRequest,
  Locale,
  ORGANISATION_CSV_COLUMNS,
  OrganisationImportResult,
  OrganisationImportRow,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationSummary,
  OrganisationView,
  REQUEST_VISIBILITIES,
  RelatedTicketItem,
  RequestVisibility,
  TicketOrganisationPanel,
  UpdateOrganisationRequest,
} from '@pidtrymka/contracts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal, visibleCategories } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { translate } from '../i18n/messages';
import { edrpouProblem, eicProblem, isEmailDomain, normalizeDomain, normalizeEdrpou, normalizeEic } from './organisation-codes';
import { OrganisationFields, OrganisationRow, OrganisationsRepository, OrganisationTicketRow } from './organisations.repository';

const DEFAULT_PAGE_SIZE = 50;
const PANEL_TICKETS = 20;
/** An import is read whole and answered row by row: this many rows at most, so a dry run stays one quick answer. */
export const IMPORT_MAX_ROWS = 2000;
const EMAIL = /^[^\s@",;<>]{1,64}@[^\s@",;<>]{1,253}$/;

type Actor = Pick<StaffPrincipal, 'name'>;

/** An organisation's fields after every check, ready to store. */
interface CheckedOrganisation {
  fields: OrganisationFields;
  domains: string[];
  contacts: { name: string; email: string; phone: string | null }[] | undefined;
}

/** A rule a value breaks: its message code and parameters, shown in the caller's language. */
interface Problem {
  code: string;
  params?: Record<string, string | number>;
}

/** Issue 18: organisations on the staff side (admins change them, every staff member reads them). */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: OrganisationListQuery): Promise<OrganisationPage> {
    const q = query.q?.trim();
    const rows = await this.organisations.list({
      like: q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      all: query.all === 'true',
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      offset: query.offset ?? 0,
    });
    return {
      items: rows.map((row) => ({ ...toSummary(row), emailDomains: row.email_domains, contactCount: row.contact_count, ticketCount: row.ticket_count })),
      total: rows[0]?.total ?? 0,
    };
  }

  async view(id: number): Promise<OrganisationView> {
    const row = await this.organisations.findById(id);
    if (!row) throw new ApiException(HttpStatus.NOT_FOUND, 'organisation_not_found');
    return this.toView(row);
  }

  async create(input: CreateOrganisationRequest, actor: Actor): Promise<OrganisationView> {
    const checked = throwIfProblems(checkOrganisation(input, null));
    const id = await this.organisations.transaction(async (manager) => {
      await this.assertCodesFree(manager, checked.fields, null);
      const inserted = await this.organisations.insert(manager, checked.fields);
      // Taken between the check and the insert.
      if (inserted === null) throw new ApiException(HttpStatus.CONFLICT, 'organisation_code_taken', { code: checked.fields.edrpou ?? checked.fields.eic ?? '' });
      await this.write(manager, inserted, checked, actor);
      await this.record(manager, actor, 'organisation.created', { organisationId: inserted, ...auditFields(checked) });
      return inserted;
    });
    return this.view(id);
  }

  async update(id: number, input: UpdateOrganisationRequest, actor: Actor): Promise<OrganisationView> {
    await this.organisations.transaction(async (manager) => {
      const current = await this.organisations.lock(manager, id);
      if (!current) throw new ApiException(HttpStatus.NOT_FOUND, 'organisation_not_found');
      const checked = throwIfProblems(checkOrganisation(input, current));
      await this.assertCodesFree(manager, checked.fields, id);
      await this.organisations.update(manager, id, checked.fields);
      await this.write(manager, id, checked, actor);
      const action = input.active === false && current.is_active ? 'organisation.deactivated' : input.active === true && !current.is_active ? 'organisation.reactivated' : 'organisation.updated';
      await this.record(manager, actor, action, { organisationId: id, ...auditFields(checked, input) });
    });
    return this.view(id);
  }

  /** The source's people, domains, requests and missing codes move into the target; the source is gone, the audit trail keeps what it was. */
  async merge(sourceId: number, targetId: number, actor: Actor): Promise<OrganisationView> {
    if (sourceId === targetId) throw new ApiException(HttpStatus.BAD_REQUEST, 'organisation_merge_into_itself');
    await this.organisations.transaction(async (manager) => {
      // Always in the same order, so two opposite merges cannot deadlock.
      const [first, second] = [sourceId, targetId].sort((a, b) => a - b);
      const locked = new Map([[first, await this.organisations.lock(manager, first)], [second, await this.organisations.lock(manager, second)]]);
      const source = locked.get(sourceId);
      const target = locked.get(targetId);
      if (!source || !target) throw new ApiException(HttpStatus.NOT_FOUND, 'organisation_not_found');
      const moved = await this.organisations.merge(manager, source, targetId);
      await this.record(manager, actor, 'organisation.merged', {
        organisationId: targetId,
        from: { id: source.id, nameUk: source.name_uk, nameEn: source.name_en, edrpou: source.edrpou, eic: source.eic, emailDomains: source.email_domains, notes: source.notes },
        movedTickets: moved.tickets,
        movedContacts: moved.contacts,
      });
    });
    return this.view(targetId);
  }

  /**
   * The request page's panel for a request the caller has checked this person may see: its
   * organisation, or the one its sender points to as a suggestion, and the organisation's other
   * requests this person may see (an agent never learns of a request outside their categories
   * here either: not its subject, not that it exists).
   */
  async panel(principal: StaffPrincipal, ticket: { id: string; organisationId: number | null; requesterEmail: string }): Promise<TicketOrganisationPanel> {
    if (ticket.organisationId === null) {
      const suggestedId = await this.organisations.matchSender(ticket.requesterEmail);
      const suggested = suggestedId === null ? null : await this.organisations.findById(suggestedId);
      return { organisation: null, suggested: suggested ? toSummary(suggested) : null, otherTickets: [] };
    }
    const organisation = await this.view(ticket.organisationId);
    const others = await this.organisations.ticketsOf({ organisationId: ticket.organisationId }, visibleCategories(principal), ticket.id, PANEL_TICKETS);
    return { organisation, suggested: null, otherTickets: others.map(toTicketItem) };
  }

  /**
   * Issue 17: the participant's other requests (the same address, in any case), newest first, for a
   * request the caller has checked this person may see — under the same visibility as the organisation's.
   */
  async participantTickets(principal: StaffPrincipal, ticket: { id: string; requesterEmail: string }): Promise<RelatedTicketItem[]> {
    const rows = await this.organisations.ticketsOf({ requesterEmail: ticket.requesterEmail }, visibleCategories(principal), ticket.id, PANEL_TICKETS);
    return rows.map(toTicketItem);
  }

  /** Every organisation, as the CSV the import reads (columns ORGANISATION_CSV_COLUMNS). */
  async exportCsv(): Promise<string> {
    const rows = await this.organisations.all();
    return stringify(
      rows.map((row) => [row.name_uk, row.name_en ?? '', row.edrpou ?? '', row.eic ?? '', row.email_domains.join('; '), row.contact_emails.join('; '), row.notes, row.is_active ? 'true' : 'false', row.default_visibility]),
      { header: true, columns: [...ORGANISATION_CSV_COLUMNS], bom: true },
    );
  }

  /**
   * CSV import (columns ORGANISATION_CSV_COLUMNS; `name_uk` required, the rest optional): a row
   * whose ЄДРПОУ or EIC is an existing organisation's updates it, any other row creates one. A dry
   * run writes nothing and answers what applying would do; applying writes every valid row in one
   * transaction and rejects the rest, each with its reasons in the caller's language.
   */
  async importCsv(csv: string, dryRun: boolean, actor: Actor, locale: Locale): Promise<OrganisationImportResult> {
    const records = readCsv(csv);
    const rows: OrganisationImportRow[] = [];
    await this.organisations.transaction(async (manager) => {
      // Codes claimed by earlier rows of this file: two rows for one organisation would otherwise both create it.
      const claimed = new Map<string, number>();
      for (const [index, record] of records.entries()) {
        const line = index + 2;
        const row = await this.importRow(manager, record, line, claimed, dryRun, actor, locale);
        rows.push(row);
      }
      if (!dryRun) await this.record(manager, actor, 'organisation.imported', { created: count(rows, 'create'), updated: count(rows, 'update'), rejected: count(rows, 'reject') });
    });
    return { dryRun, rows, created: count(rows, 'create'), updated: count(rows, 'update'), rejected: count(rows, 'reject') };
  }

  private async importRow(
    manager: EntityManager,
    record: Record<string, string>,
    line: number,
    claimed: Map<string, number>,
    dryRun: boolean,
    actor: Actor,
    locale: Locale,
  ): Promise<OrganisationImportRow> {
    const active = record.active === undefined || record.active === '' ? undefined : parseActive(record.active);
    // Issue 18: empty keeps an organisation's choice, and a new one starts private, as the form does.
    const visibility = record.default_visibility === undefined || record.default_visibility === '' ? undefined : parseVisibility(record.default_visibility);
    const input: UpdateOrganisationRequest = {
      nameUk: record.name_uk ?? '',
      nameEn: record.name_en || null,
      edrpou: record.edrpou || null,
      eic: record.eic || null,
      emailDomains: splitList(record.email_domains),
      contacts: record.contacts === undefined ? undefined : splitList(record.contacts).map((email) => ({ email })),
      notes: record.notes ?? '',
      active: active ?? undefined,
      defaultVisibility: visibility ?? undefined,
    };
    const base = { line, nameUk: input.nameUk ?? '', edrpou: input.edrpou ?? null, eic: input.eic ?? null };
    const reject = (problems: Problem[]): OrganisationImportRow => ({ ...base, action: 'reject', organisationId: null, reasons: problems.map((p) => translate(locale, p.code, p.params)) });
    const unread: Problem[] = [
      ...(active === null ? [{ code: 'import_active_invalid', params: { value: record.active } }] : []),
      ...(visibility === null ? [{ code: 'import_visibility_invalid', params: { value: record.default_visibility } }] : []),
    ];
    if (unread.length > 0) return reject(unread);
    const firstCheck = checkOrganisation(input, null);
    if ('problems' in firstCheck) return reject(firstCheck.problems);
    const { edrpou, eic } = firstCheck.fields;
    const matches = edrpou || eic ? await this.organisations.findByCodes(edrpou, eic, manager) : [];
    if (matches.length > 1) return reject([{ code: 'import_codes_of_two', params: { edrpou: edrpou ?? '', eic: eic ?? '' } }]);
    const existing = matches[0] ?? null;
    const claims = [edrpou && `edrpou:${edrpou}`, eic && `eic:${eic}`].filter((c): c is string => !!c);
    if (claims.some((c) => claimed.has(c))) return reject([{ code: 'import_duplicate_row', params: { line: claims.map((c) => claimed.get(c)!).find(Boolean)! } }]);
    claims.forEach((c) => claimed.set(c, line));
    // An update keeps what the file leaves empty in optional columns; a code of the matched organisation it leaves out stays.
    const merged: UpdateOrganisationRequest = existing
      ? { ...input, edrpou: input.edrpou ?? existing.edrpou, eic: input.eic ?? existing.eic, nameEn: input.nameEn ?? existing.name_en, notes: input.notes || existing.notes, emailDomains: input.emailDomains?.length ? input.emailDomains : existing.email_domains }
      : input;
    const checked = checkOrganisation(merged, existing);
    if ('problems' in checked) return reject(checked.problems);
    if (!dryRun) {
      if (existing) {
        await this.organisations.update(manager, existing.id, checked.fields);
        await this.write(manager, existing.id, { ...checked, contacts: checked.contacts?.length ? checked.contacts : undefined }, actor);
        await this.record(manager, actor, 'organisation.updated', { organisationId: existing.id, import: true, line, ...auditFields(checked) });
        return { ...base, action: 'update', organisationId: existing.id, reasons: [] };
      }
      const id = await this.organisations.insert(manager, checked.fields);
      if (id === null) return reject([{ code: 'organisation_code_taken', params: { code: edrpou ?? eic ?? '' } }]);
      await this.write(manager, id, checked, actor);
      await this.record(manager, actor, 'organisation.created', { organisationId: id, import: true, line, ...auditFields(checked) });
      return { ...base, action: 'create', organisationId: id, reasons: [] };
    }
    return { ...base, action: existing ? 'update' : 'create', organisationId: existing?.id ?? null, reasons: [] };
  }

  /**
   * Issue 18: a contact joining or leaving is a grant or a removal of access to
   * the organisation's shared requests, so each is audited on its own, by
   * address, beside the edit that caused it.
   */
  private async write(manager: EntityManager, id: number, checked: CheckedOrganisation, actor: Actor): Promise<void> {
    await this.organisations.setDomains(manager, id, checked.domains);
    if (!checked.contacts) return;
    const { added, removed } = await this.organisations.setContacts(manager, id, checked.contacts);
    for (const email of added) await this.record(manager, actor, 'organisation.contact_added', { organisationId: id, email });
    for (const email of removed) await this.record(manager, actor, 'organisation.contact_removed', { organisationId: id, email });
  }

  private async assertCodesFree(manager: EntityManager, fields: OrganisationFields, exceptId: number | null): Promise<void> {
    for (const column of ['edrpou', 'eic'] as const) {
      const value = fields[column];
      if (value && (await this.organisations.codeTakenBy(manager, column, value, exceptId)) !== null) throw new ApiException(HttpStatus.CONFLICT, 'organisation_code_taken', { code: value });
    }
  }

  private record(manager: EntityManager, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action, details });
  }

  private async toView(row: OrganisationRow): Promise<OrganisationView> {
    const contacts = await this.organisations.contactsOf(row.id);
    return {
      ...toSummary(row),
      emailDomains: row.email_domains,
      notes: row.notes,
      contacts: contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone })),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

function toSummary(row: OrganisationRow): OrganisationSummary {
  return { id: row.id, nameUk: row.name_uk, nameEn: row.name_en, edrpou: row.edrpou, eic: row.eic, active: row.is_active, defaultVisibility: row.default_visibility };
}

/**
 * The one check of an organisation's fields, for the form and the import alike. `current`: the
 * stored organisation an update starts from (a field not given keeps its value).
 */
export function checkOrganisation(input: UpdateOrganisationRequest, current: OrganisationRow | null): CheckedOrganisation | { problems: Problem[] } {
  const problems: Problem[] = [];
  const nameUk = (input.nameUk ?? current?.name_uk ?? '').trim();
  if (!nameUk) problems.push({ code: 'organisation_name_required' });
  if (nameUk.length > 300) problems.push({ code: 'organisation_name_too_long', params: { max: 300 } });
  const nameEn = input.nameEn === undefined ? (current?.name_en ?? null) : input.nameEn?.trim() || null;
  if (nameEn && nameEn.length > 300) problems.push({ code: 'organisation_name_too_long', params: { max: 300 } });
  const edrpou = input.edrpou === undefined ? (current?.edrpou ?? null) : input.edrpou ? normalizeEdrpou(input.edrpou) : null;
  const edrpouWrong = edrpou ? edrpouProblem(edrpou) : null;
  if (edrpouWrong) problems.push({ code: `edrpou_${edrpouWrong}`, params: { value: edrpou! } });
  const eic = input.eic === undefined ? (current?.eic ?? null) : input.eic ? normalizeEic(input.eic) : null;
  const eicWrong = eic ? eicProblem(eic) : null;
  if (eicWrong) problems.push({ code: `eic_${eicWrong}`, params: { value: eic! } });
  const domains = [...new Set((input.emailDomains ?? current?.email_domains ?? []).map(normalizeDomain).filter(Boolean))];
  for (const domain of domains) if (!isEmailDomain(domain)) problems.push({ code: 'email_domain_invalid', params: { value: domain } });
  const contacts = input.contacts === undefined ? undefined : checkContacts(input.contacts, problems);
  if (problems.length > 0) return { problems };
  return {
    fields: { nameUk, nameEn, edrpou, eic, notes: input.notes ?? current?.notes ?? '', isActive: input.active ?? current?.is_active ?? true, defaultVisibility: input.defaultVisibility ?? current?.default_visibility ?? 'private' },
    domains,
    contacts,
  };
}

function checkContacts(contacts: ContactInput[], problems: Problem[]): CheckedOrganisation['contacts'] {
  const byEmail = new Map<string, { name: string; email: string; phone: string | null }>();
  for (const contact of contacts) {
    const email = contact.email.trim();
    if (!EMAIL.test(email)) {
      problems.push({ code: 'contact_email_invalid', params: { value: email } });
      continue;
    }
    byEmail.set(email.toLowerCase(), { name: (contact.name ?? '').trim(), email, phone: contact.phone?.trim() || null });
  }
  return [...byEmail.values()];
}

function throwIfProblems(checked: CheckedOrganisation | { problems: Problem[] }): CheckedOrganisation {
  if ('problems' in checked) throw new ApiException(HttpStatus.BAD_REQUEST, checked.problems[0].code, checked.problems[0].params);
  return checked;
}

function auditFields(checked: CheckedOrganisation, input?: UpdateOrganisationRequest): Record<string, unknown> {
  return { ...checked.fields, emailDomains: checked.domains, contacts: checked.contacts?.map((c) => c.email), ...(input?.active !== undefined ? { active: input.active } : {}) };
}

function readCsv(csv: string): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true, max_record_size: 100_000 });
  } catch (error) {
    throw new ApiException(HttpStatus.BAD_REQUEST, 'import_csv_unreadable', { reason: (error as Error).message.slice(0, 200) });
  }
  if (records.length > IMPORT_MAX_ROWS) throw new ApiException(HttpStatus.BAD_REQUEST, 'import_too_many_rows', { max: IMPORT_MAX_ROWS });
  if (records.length > 0 && !('name_uk' in records[0])) throw new ApiException(HttpStatus.BAD_REQUEST, 'import_columns_missing', { columns: ORGANISATION_CSV_COLUMNS.join(', ') });
  return records;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(/[;,\s]+/).map((item) => item.trim()).filter(Boolean);
}

/** Null: neither yes nor no. */
function parseActive(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'так', 'активна'].includes(v)) return true;
  if (['false', 'no', '0', 'ні', 'неактивна'].includes(v)) return false;
  return null;
}

/** Null: neither of REQUEST_VISIBILITIES (any case). */
function parseVisibility(value: string): RequestVisibility | null {
  const v = value.trim().toLowerCase();
  return REQUEST_VISIBILITIES.find((known) => known === v) ?? null;
}

function count(rows: OrganisationImportRow[], action: OrganisationImportRow['action']): number {
  return rows.filter((row) => row.action === action).length;
}

function toTicketItem(row: OrganisationTicketRow): RelatedTicketItem {
  return { trackingId: row.tracking_id, number: row.number, subject: row.subject, status: row.status, createdAt: row.created_at.toISOString() };
}
