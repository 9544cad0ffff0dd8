/**
 * Issue 18, "Colleagues in copy": the address `addr` is in copy of request `t` (SQL)
 * and still a contact of its organisation, which is still active; decided
 * at each use, so a removal (from the copy or the organisation) counts at once.
 */
export function inCopyNow(t: string, addr: string): string {
  // Aliases of its own: a caller's `cc.email` as `addr` once named this subquery's contact, and every copy passed.
  return `EXISTS (SELECT 1 FROM ticket_copies in_copy_tc JOIN contacts in_copy_c ON in_copy_c.id = in_copy_tc.contact_id
      JOIN organisation_contacts in_copy_oc ON in_copy_oc.contact_id = in_copy_c.id AND in_copy_oc.organisation_id = ${t}.organisation_id
      JOIN organisations in_copy_o ON in_copy_o.id = in_copy_oc.organisation_id AND in_copy_o.is_active
    WHERE in_copy_tc.ticket_id = ${t}.id AND lower(in_copy_c.email) = lower(${addr}))`;
}
