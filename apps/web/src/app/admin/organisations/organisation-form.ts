import type { ContactInput, CreateOrganisationRequest, OrganisationView } from '@pidtrymka/contracts';

/** The form's text fields, as typed. */
export interface OrganisationFormValue {
  nameUk: string;
  nameEn: string;
  edrpou: string;
  eic: string;
  domains: string;
  contacts: string;
  notes: string;
  /** Issue 18: who sees its contacts' new requests when they do not choose. */
  defaultVisibility: 'organisation' | 'private';
}

export const EMPTY_FORM: OrganisationFormValue = { nameUk: '', nameEn: '', edrpou: '', eic: '', domains: '', contacts: '', notes: '', defaultVisibility: 'private' };

/** An organisation as the form shows it: contacts one per line, `e-mail; name; phone`. */
export function toForm(organisation: OrganisationView): OrganisationFormValue {
  return {
    nameUk: organisation.nameUk,
    nameEn: organisation.nameEn ?? '',
    edrpou: organisation.edrpou ?? '',
    eic: organisation.eic ?? '',
    domains: organisation.emailDomains.join(', '),
    contacts: organisation.contacts.map((c) => [c.email, c.name, c.phone ?? ''].join('; ').replace(/(; )+$/, '')).join('\n'),
    notes: organisation.notes,
    defaultVisibility: organisation.defaultVisibility,
  };
}

/** What the form sends; the API checks the codes (with their check characters) and answers in the person's language. */
export function fromForm(form: OrganisationFormValue): CreateOrganisationRequest {
  return {
    nameUk: form.nameUk.trim(),
    nameEn: form.nameEn.trim() || null,
    edrpou: form.edrpou.trim() || null,
    eic: form.eic.trim() || null,
    emailDomains: form.domains.split(/[,;\s]+/).map((d) => d.trim()).filter(Boolean),
    contacts: parseContacts(form.contacts),
    notes: form.notes,
    defaultVisibility: form.defaultVisibility,
  };
}

export function parseContacts(text: string): ContactInput[] {
  return text
    .split('\n')
    .map((line) => line.split(';').map((part) => part.trim()))
    .filter(([email]) => !!email)
    .map(([email, name = '', phone = '']) => ({ email, name, phone: phone || null }));
}
