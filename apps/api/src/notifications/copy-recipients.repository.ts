/**
 * Issue 18, "Colleagues in copy": the address `addr` is in copy of request `t` (SQL)
 * and still a contact of its organisation, which is still active; decided
 * at each use, so a removal (from the copy or the organisation) counts at once.
 */
export function inCopyNow(t: string, addr: string): string {
  return `EXISTS (SELECT 1 FROM ticket_copies tc JOIN contacts cc ON cc.id = tc.contact_id
      JOIN organisation_contacts coc ON coc.contact_id = cc.id AND coc.organisation_id = ${t}.organisation_id
      JOIN organisations co ON co.id = coc.organisation_id AND co.is_active
    WHERE tc.ticket_id = ${t}.id AND lower(cc.email) = lower(${addr}))`;
}
