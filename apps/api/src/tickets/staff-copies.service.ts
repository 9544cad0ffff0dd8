import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DecidedCopyView, Locale, PendingCopyView } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { isUuid } from '../common/validators';
import { TicketsRepository } from './tickets.repository';

/** More than an admin reads at once; the oldest come first, so none waits unseen. */
const PENDING_LIST_LIMIT = 200;

/**
 * Issue 18: an outside address the author of a request put in copy waits for
 * an admin, who approves it (from then on it gets the author's e-mails and may
 * reply, R-MAIL-7) or refuses it (the copy is deleted). Each decision audited
 * on the request, in the decision's transaction.
 */
@Injectable()
export class StaffCopiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly audit: AuditService,
  ) {}

  async pending(locale: Locale): Promise<PendingCopyView[]> {
    const rows = await this.tickets.pendingCopies(PENDING_LIST_LIMIT);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      addedBy: r.addedBy,
      addedAt: new Date(r.addedAt).toISOString(),
      trackingId: r.trackingId,
      subject: r.subject,
      requesterName: r.requesterName,
      organisation: r.organisationId === null ? null : { id: r.organisationId, name: (locale === 'en' && r.organisationNameEn) || r.organisationNameUk || '' },
    }));
  }

  async decide(copyId: string, approve: boolean, staff: StaffPrincipal): Promise<DecidedCopyView> {
    if (!isUuid(copyId)) throw new ApiException(HttpStatus.NOT_FOUND, 'copy_not_pending');
    const decided = await this.dataSource.transaction(async (manager) => {
      const copy = await this.tickets.decideCopy(manager, copyId, approve);
      if (!copy) return null;
      await this.audit.record(manager, {
        ticketId: copy.ticketId,
        actor: { type: 'staff', name: staff.name },
        action: approve ? 'ticket.copy_approved' : 'ticket.copy_refused',
        details: { copyId, email: copy.email, staffId: staff.id },
      });
      return copy;
    });
    if (!decided) throw new ApiException(HttpStatus.NOT_FOUND, 'copy_not_pending');
    return { id: copyId, state: approve ? 'approved' : 'refused' };
  }
}
