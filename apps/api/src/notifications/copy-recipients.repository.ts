/**
 * Issue 18, "Colleagues in copy": the address `addr` is in copy of request `t`
 * now (SQL), decided at each use, so a removal (from the copy or the
 * organisation) counts at once. Either a colleague: in copy as a contact who
 * is still a contact of the request's organisation, which is still active; or
 * an outside address an admin approved for this request (the admin, not the
 * organisation, vouches for it). A pending address is never in copy.
 */
export function inCopyNow(t: string, addr: string): string {
  // Aliases of its own: a caller's `cc.email` as `addr` once named this subquery's contact, and every copy passed.
  return `(EXISTS (SELECT 1 FROM ticket_copies in_copy_tc JOIN contacts in_copy_c ON in_copy_c.id = in_copy_tc.contact_id
      JOIN organisation_contacts in_copy_oc ON in_copy_oc.contact_id = in_copy_c.id AND in_copy_oc.organisation_id = ${t}.organisation_id
      JOIN organisations in_copy_o ON in_copy_o.id = in_copy_oc.organisation_id AND in_copy_o.is_active
    WHERE in_copy_tc.ticket_id = ${t}.id AND in_copy_tc.state = 'colleague' AND lower(in_copy_c.email) = lower(${addr}))
  OR EXISTS (SELECT 1 FROM ticket_copies in_copy_ta WHERE in_copy_ta.ticket_id = ${t}.id AND in_copy_ta.state = 'approved' AND in_copy_ta.email = lower(${addr})))`;
}
