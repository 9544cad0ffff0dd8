import type { RelatedTicketItem } from './staff';

/** Issue 18: a company of the electricity market, as staff see it. */
export interface OrganisationSummary {
  id: number;
  nameUk: string;
  nameEn: string | null;
  /** ЄДРПОУ, 8 digits with their check digit. */
  edrpou: string | null;
  /** ENTSO-E Energy Identification Code, 16 characters with their check character. */
  eic: string | null;
  active: boolean;
  /** Issue 18: the visibility its contacts' new requests get unless they choose. */
  defaultVisibility: 'organisation' | 'private';
}

export interface OrganisationView extends OrganisationSummary {
  emailDomains: string[];
  notes: string;
  contacts: ContactView[];
  createdAt: string;
  updatedAt: string;
}

export interface ContactView {
  id: number;
  name: string;
  email: string;
  phone: string | null;
}

export interface OrganisationListItem extends OrganisationSummary {
  emailDomains: string[];
  contactCount: number;
  ticketCount: number;
}

export interface OrganisationPage {
  items: OrganisationListItem[];
  total: number;
}

export interface OrganisationListQuery {
  /** Name (either language), ЄДРПОУ or EIC; partial. */
  q?: string;
  /** `true` also lists deactivated organisations. */
  all?: string;
  limit?: number;
  offset?: number;
}

export interface ContactInput {
  name?: string;
  email: string;
  phone?: string | null;
}

export interface CreateOrganisationRequest {
  nameUk: string;
  nameEn?: string | null;
  edrpou?: string | null;
  eic?: string | null;
  emailDomains?: string[];
  notes?: string;
  /** The organisation's people; each is found by e-mail (any case) or created. */
  contacts?: ContactInput[];
  /** Issue 18: `private` unless given. */
  defaultVisibility?: 'organisation' | 'private';
}

export interface UpdateOrganisationRequest extends Partial<CreateOrganisationRequest> {
  /** False: deactivated (kept with its requests, never linked to new ones). */
  active?: boolean;
}

export interface MergeOrganisationRequest {
  /** The organisation that stays; this one's contacts, domains and requests move there and this one is deleted. */
  intoId: number;
}

/** A request of an organisation, for the panel on a request's page. */
/** One of the organisation's other requests: the same item as the participant's other requests (issue 17). */
export type OrganisationTicketItem = RelatedTicketItem;

/** What the request page shows of its organisation (or of the one suggested for it). */
export interface TicketOrganisationPanel {
  organisation: OrganisationView | null;
  /** With ORGANISATION_LINKING=suggest, or for a request opened before its sender was known: the one organisation the sender's address points to. */
  suggested: OrganisationSummary | null;
  /** The organisation's other requests that this staff member may see, newest first. */
  otherTickets: OrganisationTicketItem[];
}

export interface SetTicketOrganisationRequest {
  /** Null: no organisation. */
  organisationId: number | null;
}

export type OrganisationImportAction = 'create' | 'update' | 'reject';

export interface OrganisationImportRow {
  /** The line of the CSV file (the header is line 1). */
  line: number;
  action: OrganisationImportAction;
  nameUk: string;
  edrpou: string | null;
  eic: string | null;
  /** The organisation updated, for `update`. */
  organisationId: number | null;
  /** Why a row is rejected, in the caller's language. */
  reasons: string[];
}

export interface OrganisationImportResult {
  /** True: nothing was written; this is what applying would do. */
  dryRun: boolean;
  rows: OrganisationImportRow[];
  created: number;
  updated: number;
  rejected: number;
}

/**
 * The columns of the import and export CSV, in order. Domains and contacts' e-mails are separated by `;`.
 * `default_visibility`: `organisation` or `private` (issue 18), who sees a new request of its contacts unless they choose.
 */
export const ORGANISATION_CSV_COLUMNS = ['name_uk', 'name_en', 'edrpou', 'eic', 'email_domains', 'contacts', 'notes', 'active', 'default_visibility'] as const;
