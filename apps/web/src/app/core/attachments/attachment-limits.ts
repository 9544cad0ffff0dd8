import { Injectable, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { AttachmentLimitsView } from '@pidtrymka/contracts';
import { catchError, of, shareReplay } from 'rxjs';
import { PortalApi } from '../api/portal-api.service';

/** The API's defaults, used until (or if) `/api/attachments/limits` answers; the API enforces the real ones anyway. */
const FALLBACK: AttachmentLimitsView = {
  maxCount: 2,
  maxBytes: 2 * 1024 * 1024,
  extensions: ['gif', 'jpg', 'jpeg', 'png', 'zip', 'rar', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'txt', 'pdf', 'p7s'],
};

/** The attachment limits, fetched once per visit and shared by the portal's request and reply forms and the workspace's reply form. */
@Injectable({ providedIn: 'root' })
export class AttachmentLimits {
  private readonly request = inject(PortalApi).attachmentLimits().pipe(catchError(() => of(FALLBACK)), shareReplay(1));
  readonly value = toSignal(this.request, { initialValue: FALLBACK });
}
