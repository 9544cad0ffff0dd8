import { HttpStatus, Injectable } from '@nestjs/common';
import { STAFF_DRAFT_KINDS, StaffDraftKind, StaffDraft, StaffDrafts } from '@pidtrymka/contracts';
import { ApiException } from '../common/api.exception';
import { StaffPrincipal } from '../auth/staff-principal';
import { DraftRow, StaffDraftsRepository } from './staff-drafts.repository';
import { StaffTicketsService } from './staff-tickets.service';

/**
 * Issue 17 ("never lose typing"): a staff member's unsent reply and note, per
 * request, theirs alone. Only on a request they may see, found as its page finds
 * it (an old ID of a merged request leads to the merged one, where the page is).
 */
@Injectable()
export class StaffDraftsService {
  constructor(
    private readonly tickets: StaffTicketsService,
    private readonly drafts: StaffDraftsRepository,
  ) {}

  async mine(principal: StaffPrincipal, trackingId: string): Promise<StaffDrafts> {
    const ticket = await this.tickets.findVisible(principal, trackingId, { followMerges: true });
    const rows = await this.drafts.mine(principal.id, ticket.id);
    const of = (kind: StaffDraftKind) => {
      const row = rows.find((r) => r.kind === kind);
      return row ? toDraft(row) : null;
    };
    return { reply: of('reply'), note: of('note') };
  }

  /** Blanks only: nothing worth keeping, so the draft goes (a text area emptied by hand leaves nothing to restore). */
  async save(principal: StaffPrincipal, trackingId: string, kindInput: string, body: string): Promise<StaffDraft | null> {
    const kind = draftKind(kindInput);
    const ticket = await this.tickets.findVisible(principal, trackingId, { followMerges: true });
    if (body.trim() === '') {
      await this.drafts.remove(principal.id, ticket.id, kind);
      return null;
    }
    return toDraft(await this.drafts.save(principal.id, ticket.id, kind, body));
  }

  async remove(principal: StaffPrincipal, trackingId: string, kindInput: string): Promise<void> {
    const kind = draftKind(kindInput);
    const ticket = await this.tickets.findVisible(principal, trackingId, { followMerges: true });
    await this.drafts.remove(principal.id, ticket.id, kind);
  }
}

function draftKind(value: string): StaffDraftKind {
  if (!(STAFF_DRAFT_KINDS as readonly string[]).includes(value)) throw new ApiException(HttpStatus.BAD_REQUEST, 'invalid_draft_kind', { value: value.slice(0, 40) });
  return value as StaffDraftKind;
}

function toDraft(row: DraftRow): StaffDraft {
  return { body: row.body, updatedAt: new Date(row.updated_at).toISOString() };
}
