import { Injectable, NgZone, inject } from '@angular/core';
import { LIVE_EVENT, LIVE_STREAM_PATH, LivePresenceEvent, LiveTicketEvent } from '@pidtrymka/contracts';
import { Observable, share } from 'rxjs';

export type LiveUpdate = { kind: 'ticket'; event: LiveTicketEvent } | { kind: 'presence'; event: LivePresenceEvent } | { kind: 'resync' };

/**
 * The workspace's one stream of changes (issue 17), shared by every page that listens and
 * closed when none does. The browser's EventSource reconnects by itself after a network
 * blip; what may have been missed meanwhile comes as `resync`, so pages fetch again.
 */
@Injectable({ providedIn: 'root' })
export class LiveUpdates {
  private readonly zone = inject(NgZone);

  readonly updates: Observable<LiveUpdate> = new Observable<LiveUpdate>((subscriber) => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(LIVE_STREAM_PATH, { withCredentials: true });
    let opened = false;
    const parse = <T>(message: MessageEvent<unknown>): T | null => {
      try {
        return typeof message.data === 'string' ? (JSON.parse(message.data) as T) : null;
      } catch {
        return null;
      }
    };
    const emit = (update: LiveUpdate) => this.zone.run(() => subscriber.next(update));
    source.addEventListener(LIVE_EVENT.ticket, (message) => {
      const event = parse<LiveTicketEvent>(message);
      if (event) emit({ kind: 'ticket', event });
    });
    source.addEventListener(LIVE_EVENT.presence, (message) => {
      const event = parse<LivePresenceEvent>(message);
      if (event) emit({ kind: 'presence', event });
    });
    source.addEventListener(LIVE_EVENT.resync, () => emit({ kind: 'resync' }));
    // A reconnection after the first opening may have missed changes.
    source.addEventListener('open', () => {
      if (opened) emit({ kind: 'resync' });
      opened = true;
    });
    return () => source.close();
  }).pipe(share({ resetOnRefCountZero: true }));
}
