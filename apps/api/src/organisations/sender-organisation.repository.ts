/**
 * Issue 18: the one active organisation an e-mail address points to, as an SQL
 * expression over `email` (an SQL text expression): the organisations its
 * contact belongs to decide when there are any (exactly one: that one; several:
 * none, staff choose); otherwise the organisations whose domains include the
 * address's domain (exactly one: that one). Null when nothing or more than one
 * matches. Each step is an index lookup (contacts_email_key,
 * organisation_domains_domain_idx), so the statement that opens a request can
 * carry it without a round trip of its own.
 */
export function senderOrganisationSql(email: string): string {
  return `(
    WITH by_contact AS (
      SELECT DISTINCT oc.organisation_id AS id
      FROM contacts c JOIN organisation_contacts oc ON oc.contact_id = c.id JOIN organisations o ON o.id = oc.organisation_id AND o.is_active
      WHERE lower(c.email) = lower(${email})
    ), by_domain AS (
      SELECT DISTINCT d.organisation_id AS id
      FROM organisation_domains d JOIN organisations o ON o.id = d.organisation_id AND o.is_active
      WHERE d.domain = lower(substring(${email} from '@([^@]*)$'))
    )
    SELECT CASE WHEN EXISTS (SELECT 1 FROM by_contact)
                THEN (SELECT CASE WHEN count(*) = 1 THEN min(id) END FROM by_contact)
                ELSE (SELECT CASE WHEN count(*) = 1 THEN min(id) END FROM by_domain) END
  )`;
}
