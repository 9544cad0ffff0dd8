import { BeforeApplicationShutdown, HttpStatus, Injectable, Logger, MessageEvent, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LIVE_EVENT, LivePresenceEvent, LiveTicketEvent } from '@pidtrymka/contracts';
import type { Client, Notification } from 'pg';
import { Observable } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { canSeeCategory, StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import { EventCursor } from './event-cursor';
import { DescribedEvent, LiveRepository, PRESENCE_CHANNEL, PresenceNotice } from './live.repository';

/** Proxies (the nginx of docker/ reads for 60 s) close a silent stream: something is sent well within that. */
export const PING_MS = 25_000;
/** A signed-out, expired or changed account stops hearing within this. */
const RECHECK_MS = 30_000;
const RECONNECT_MAX_MS = 30_000;
/** Events read per round; more wait for the next round, which follows at once. */
const EVENTS_PER_READ = 500;
/** An account's open tabs; more is a loop or an attack, and each holds a socket. */
const STREAMS_PER_ACCOUNT = 20;

interface Listener {
  staff: StaffPrincipal;
  token: string;
  emit(event: MessageEvent): void;
  end(): void;
}

/**
 * The live workspace's one feed per API instance (issue 17). Changes: while
 * a page is open here, it reads the domain events every instance writes in
 * its changes' transactions (issue 16), every LIVE_POLL_MS, with one query
 * that also describes them, and hands each open stream what its agent may
 * see (their categories, as the queue's rule says). Ids and who acted only:
 * a page fetches the rest through the endpoints that check access.
 *
 * Not NOTIFY from the change's transaction: NOTIFY takes a database-wide lock
 * from before its commit until after the commit's WAL flush, so concurrent
 * changes commit one at a time; measured on request creation, 50 at once, it
 * cost about a third of the throughput. Reading the table costs the writers
 * nothing, a few cheap reads a second per instance with pages open, and
 * latency up to LIVE_POLL_MS.
 *
 * Presence is not stored anywhere: it goes from instance to instance by
 * NOTIFY on a connection this feed LISTENs on from the start (outside any
 * request, so no request's context, its log id, sticks to its callbacks).
 * When reading fails or the listener is lost (the database restarting),
 * pages are told to `resync` once it works again.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly listeners = new Set<Listener>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectDelayMs = 1_000;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private heardBefore = false;
  /** Null while no page is open here: nothing is read. */
  private cursor: EventCursor | null = null;
  private readTimer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private readFailed = false;

  constructor(
    private readonly repository: LiveRepository,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
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
      this.startReading();
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

  /**
   * Before the HTTP server closes: it waits for every open connection to end,
   * and a page's stream never ends by itself. The browser reconnects to
   * another instance, and fetches again when told `resync` there.
   */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    for (const listener of this.listeners) listener.end();
    this.listeners.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    this.beforeApplicationShutdown();
    for (const timer of [this.reconnectTimer, this.recheckTimer, this.readTimer]) if (timer) clearTimeout(timer);
    await this.reading;
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
    // Presence told while nobody listened is lost: the pages fetch again (and tell theirs again).
    if (this.heardBefore) this.resyncAll();
    this.heardBefore = true;
  }

  private lost(client: Client | undefined, error: Error): void {
    if (client && this.client === client) this.client = null;
    if (this.stopped || this.reconnectTimer || this.client) return;
    this.logger.warn(`Presence paused, listening again in ${this.reconnectDelayMs} ms: ${error.message}`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen();
    }, this.reconnectDelayMs);
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
  }

  private heard(notification: Notification): void {
    if (notification.channel === PRESENCE_CHANNEL && notification.payload) this.presence(notification.payload);
  }

  /** The first page here starts the reads from the newest event: what came before, it fetched itself. */
  private startReading(): void {
    if (this.cursor || this.reading || this.stopped) return;
    this.reading = this.repository
      .newestEventId()
      .then((newest) => {
        this.cursor = new EventCursor(newest);
        this.scheduleRead(this.config.live.pollMs);
      })
      .catch((error: Error) => {
        this.readingFailed(error);
        this.scheduleRead(Math.min(this.reconnectDelayMs, RECONNECT_MAX_MS));
      })
      .finally(() => (this.reading = null));
  }

  private scheduleRead(delayMs: number): void {
    if (this.stopped || this.readTimer) return;
    this.readTimer = setTimeout(() => {
      this.readTimer = null;
      if (this.listeners.size === 0) {
        // Nobody to tell: stop reading; the next page starts again from the newest.
        this.cursor = null;
        return;
      }
      if (!this.cursor) return this.startReading();
      this.reading = this.read(this.cursor).finally(() => (this.reading = null));
    }, delayMs);
  }

  private async read(cursor: EventCursor): Promise<void> {
    const { after, holes } = cursor.next();
    let found: Awaited<ReturnType<LiveRepository['eventsSince']>>;
    try {
      found = await this.repository.eventsSince(after, holes, EVENTS_PER_READ);
    } catch (error) {
      this.readingFailed(error as Error);
      return this.scheduleRead(Math.max(this.config.live.pollMs, 1_000));
    }
    if (this.readFailed) {
      this.readFailed = false;
      this.resyncAll();
    }
    if (!cursor.saw(found.ids)) this.resyncAll();
    for (const event of found.events) this.tell(event);
    // A full read means more are waiting: the next read follows at once.
    this.scheduleRead(found.ids.length - holes.length >= EVENTS_PER_READ ? 0 : this.config.live.pollMs);
  }

  private readingFailed(error: Error): void {
    if (!this.readFailed) this.logger.warn(`Live updates paused: ${error.message}`);
    this.readFailed = true;
  }

  private resyncAll(): void {
    for (const listener of this.listeners) listener.emit({ type: LIVE_EVENT.resync, data: '' });
  }

  private tell(event: DescribedEvent): void {
    const data: LiveTicketEvent = {
      eventId: event.id,
      type: event.type,
      ticketId: event.ticketId,
      trackingId: event.trackingId,
      ...(event.data.into ? { intoTrackingId: event.data.into.trackingId } : {}),
      ...(event.data.kind ? { messageKind: event.data.kind } : {}),
      ...(event.data.messageId ? { messageId: event.data.messageId } : {}),
      ...(event.type === 'ticket.updated' && event.data.changes ? { fields: [...new Set(event.data.changes.map((change) => change.field))] } : {}),
      ...(event.data.actor ? { actor: event.data.actor } : {}),
    };
    for (const listener of this.listeners) {
      if (event.categoryIds.some((categoryId) => canSeeCategory(listener.staff, categoryId))) listener.emit({ type: LIVE_EVENT.ticket, data });
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
