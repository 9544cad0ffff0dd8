/**
 * Issue 18, "Colleagues in copy": the address `addr` is in copy of request `t`
 * now (SQL), decided at each use, so a removal (from the copy or the
 * organisation) counts at once. Either a colleague: in copy as a contact who
 * is still a contact of the request's organisation, which is still active; or
 * an outside address an admin approved for this request (the admin, not the
 * organisation, vouches for it). A pending address is never in copy.
 */
export function inCopyNow(t: string, addr: string): string {
  return `(EXISTS (SELECT 1 FROM ticket_copies tc JOIN contacts cc ON cc.id = tc.contact_id
      JOIN organisation_contacts coc ON coc.contact_id = cc.id AND coc.organisation_id = ${t}.organisation_id
      JOIN organisations co ON co.id = coc.organisation_id AND co.is_active
    WHERE tc.ticket_id = ${t}.id AND tc.state = 'colleague' AND lower(cc.email) = lower(${addr}))
  OR EXISTS (SELECT 1 FROM ticket_copies ta WHERE ta.ticket_id = ${t}.id AND ta.state = 'approved' AND ta.email = lower(${addr})))`;
}
