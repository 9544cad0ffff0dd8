import { HttpStatus, Injectable, Logger, MessageEvent, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LIVE_EVENT, LivePresenceEvent, LiveTicketEvent } from '@pidtrymka/contracts';
import type { Client, Notification } from 'pg';
import { Observable } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { canSeeCategory, StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { DescribedEvent, LiveRepository, PRESENCE_CHANNEL, PresenceNotice } from './live.repository';

/** Proxies (the nginx of docker/ reads for 60 s) close a silent stream: something is sent well within that. */
export const PING_MS = 25_000;
/** A signed-out, expired or changed account stops hearing within this. */
const RECHECK_MS = 30_000;
/** Notifications arriving together are described with one query. */
const BATCH_MS = 15;
const RECONNECT_MAX_MS = 30_000;
/** An account's open tabs; more is a loop or an attack, and each holds a socket. */
const STREAMS_PER_ACCOUNT = 20;

interface Listener {
  staff: StaffPrincipal;
  token: string;
  emit(event: MessageEvent): void;
  end(): void;
}

/**
 * The live workspace's one listener per API instance (issue 17): it LISTENs
 * on PostgreSQL for the events every instance's changes notify at commit,
 * describes them with one query per batch, and hands each open stream what
 * its agent may see (their categories, as the queue's rule says). Ids and
 * who acted only: a page fetches the rest through the endpoints that check
 * access. While the listener is away (the database restarting), nothing is
 * heard; on its return every stream is told to `resync`. It listens from the
 * start, outside any request, so no request's context (its log id) sticks to
 * the connection's callbacks.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly listeners = new Set<Listener>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectDelayMs = 1_000;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private pendingIds: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private heardBefore = false;

  constructor(
    private readonly repository: LiveRepository,
    private readonly auth: AuthService,
  ) {}

  onApplicationBootstrap(): void {
    this.listen();
  }

  /** The stream of one page. */
  stream(staff: StaffPrincipal, token: string): Observable<MessageEvent> {
    if ([...this.listeners].filter((listener) => listener.staff.id === staff.id).length >= STREAMS_PER_ACCOUNT) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'live_streams_exceeded');
    }
    return new Observable<MessageEvent>((subscriber) => {
      const listener: Listener = { staff, token, emit: (event) => subscriber.next(event), end: () => subscriber.complete() };
      this.listeners.add(listener);
      this.recheckTimer ??= setInterval(() => void this.recheckSessions(), RECHECK_MS);
      const ping = setInterval(() => subscriber.next({ type: LIVE_EVENT.ping, data: '' }), PING_MS);
      return () => {
        clearInterval(ping);
        this.listeners.delete(listener);
      };
    });
  }

  /** How many pages this instance feeds (metrics, tests). */
  get streams(): number {
    return this.listeners.size;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of [this.reconnectTimer, this.recheckTimer, this.flushTimer]) if (timer) clearTimeout(timer);
    for (const listener of this.listeners) listener.end();
    this.listeners.clear();
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private listen(): void {
    if (this.client || this.connecting || this.reconnectTimer || this.stopped) return;
    this.connecting = this.connect().finally(() => (this.connecting = null));
  }

  private async connect(): Promise<void> {
    let client: Client;
    try {
      client = await this.repository.listen(
        (notification) => this.heard(notification),
        (error) => this.lost(client, error),
      );
    } catch {
      return; // `lost` was told, and listens again later.
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelayMs = 1_000;
    // Whatever happened while nobody listened is unknown: the pages fetch again.
    if (this.heardBefore) for (const listener of this.listeners) listener.emit({ type: LIVE_EVENT.resync, data: '' });
    this.heardBefore = true;
  }

  private lost(client: Client | undefined, error: Error): void {
    if (client && this.client === client) this.client = null;
    if (this.stopped || this.reconnectTimer || this.client) return;
    this.logger.warn(`Live updates paused, listening again in ${this.reconnectDelayMs} ms: ${error.message}`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen();
    }, this.reconnectDelayMs);
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
  }

  private heard(notification: Notification): void {
    if (!notification.payload) return;
    if (notification.channel === PRESENCE_CHANNEL) return this.presence(notification.payload);
    for (const id of notification.payload.split(',')) if (/^\d{1,19}$/.test(id)) this.pendingIds.push(id);
    this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_MS);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const ids = this.pendingIds.splice(0);
    if (ids.length === 0 || this.listeners.size === 0) return;
    let events: DescribedEvent[];
    try {
      events = await this.repository.describe(ids);
    } catch (error) {
      this.logger.warn(`Live updates of ${ids.length} events not described: ${(error as Error).message}`);
      for (const listener of this.listeners) listener.emit({ type: LIVE_EVENT.resync, data: '' });
      return;
    }
    for (const event of events) {
      const data: LiveTicketEvent = {
        eventId: event.id,
        type: event.type,
        ticketId: event.ticketId,
        trackingId: event.trackingId,
        ...(event.data.into ? { intoTrackingId: event.data.into.trackingId } : {}),
        ...(event.data.kind ? { messageKind: event.data.kind } : {}),
        ...(event.data.messageId ? { messageId: event.data.messageId } : {}),
        ...(event.data.actor ? { actor: event.data.actor } : {}),
      };
      for (const listener of this.listeners) {
        if (event.categoryIds.some((categoryId) => canSeeCategory(listener.staff, categoryId))) listener.emit({ type: LIVE_EVENT.ticket, data });
      }
    }
  }

  private presence(payload: string): void {
    let notice: PresenceNotice;
    try {
      notice = JSON.parse(payload) as PresenceNotice;
    } catch {
      return;
    }
    const data: LivePresenceEvent = { ticketId: notice.ticketId, trackingId: notice.trackingId, staffId: notice.staffId, name: notice.name, state: notice.state };
    for (const listener of this.listeners) {
      if (listener.staff.id !== notice.staffId && canSeeCategory(listener.staff, notice.categoryId)) listener.emit({ type: LIVE_EVENT.presence, data });
    }
  }

  /** A session that ended ends its streams; an agent's changed categories apply from now on. */
  async recheckSessions(): Promise<void> {
    if (this.listeners.size === 0) {
      if (this.recheckTimer) clearInterval(this.recheckTimer);
      this.recheckTimer = null;
      return;
    }
    for (const listener of [...this.listeners]) {
      const staff = await this.auth.authenticate(listener.token).catch(() => listener.staff);
      if (!staff) {
        listener.end();
        this.listeners.delete(listener);
      } else listener.staff = staff;
    }
  }
}
