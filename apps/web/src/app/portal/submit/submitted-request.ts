import { Injectable, signal } from '@angular/core';

export interface SubmittedRequest {
  trackingId: string;
  email: string;
}

/** Carries the request just sent from the form to the confirmation page, which also reads history.state after a reload. */
@Injectable({ providedIn: 'root' })
export class SubmittedRequestStore {
  readonly last = signal<SubmittedRequest | null>(null);
}
