import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, linkedSignal, signal, untracked, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { BULK_MAX_TICKETS, BulkTicketAction, BulkTicketsResponse, LiveTicketEvent, QUEUE_SLA_FILTERS, QUEUE_SORTS, QueueItem, QueueQuery, SavedView, TICKET_PRIORITIES, TICKET_STATUSES, TicketStatus } from '@pidtrymka/contracts';
import { OPEN_STATUSES, QueueParams, paramsOfView, queueFilters, queueQuery, statusChoice, viewQueryOf } from '../core/queue-query';
import { KeyboardShortcuts } from '../core/keyboard-shortcuts.service';
import { ShortcutAction } from '../core/shortcuts';
import { QueueViews } from './queue-views';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { isNews } from '../core/live-news';
import { LiveUpdates } from '../core/live-updates.service';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';
import { shortDuration, SlaState, slaState } from '../core/sla-time';

const PAGE_SIZE = 25;

/**
 * The queue (R-STAFF-1): counts per status, filters by status, category, owner and priority,
 * search, sort, and the API's keyset pages one after another. Every filter lives in the
 * address, so a filtered queue can be bookmarked and survives a reload.
 *
 * Live (issue 17): the counts follow every change as it happens; the list itself waits for
 * the agent (a bar says how many requests changed), so rows do not jump under the pointer.
 */
@Component({
  selector: 'app-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, QueueViews, MatButton, MatButtonToggleGroup, MatButtonToggle, MatCheckbox, MatFormField, MatLabel, MatInput, MatSelect, MatOption, MatProgressBar],
  templateUrl: './queue-page.html',
  styleUrl: './queue-page.scss',
})
export class QueuePage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);
  private readonly router = inject(Router);
  private readonly session = inject(StaffSession);

  // Query parameters (withComponentInputBinding).
  /** Empty: the open statuses; `all`; or one status. */
  readonly status = input<string>();
  readonly categoryId = input<string>();
  /** `me`, `unassigned` or a staff id. */
  readonly owner = input<string>();
  readonly priority = input<string>();
  /** Issue 18: one organisation's requests (the request page's organisation panel links here). */
  readonly organisationId = input<string>();
  readonly q = input<string>();
  /** Issue 19: `overdue` or `running`. */
  readonly sla = input<string>();
  readonly sort = input<string>();
  readonly order = input<string>();
  /** Issue 17: `true`, only the requests that changed since this agent last opened them. */
  readonly unread = input<string>();
  /** Issue 17: comma-separated tag ids. */
  readonly tag = input<string>();

  protected readonly statuses = TICKET_STATUSES;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly sorts = QUEUE_SORTS;
  protected readonly slaFilters = QUEUE_SLA_FILTERS;
  protected readonly searchText = linkedSignal(() => this.q() ?? '');

  private readonly params = computed<QueueParams>(() => ({
    status: this.status(),
    categoryId: this.categoryId(),
    owner: this.owner(),
    priority: this.priority(),
    organisationId: this.organisationId(),
    q: this.q(),
    sla: this.sla(),
    sort: this.sort(),
    order: this.order(),
    unread: this.unread(),
    tag: this.tag(),
  }));
  protected readonly statusChoice = computed(() => statusChoice(this.params()));
  /** The filters without the status: what the counts are for. */
  private readonly filters = computed(() => queueFilters(this.params()));
  protected readonly query = computed(() => queueQuery(this.params(), PAGE_SIZE));

  private readonly countsResource = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.counts(params) });
  protected readonly counts = loaded(this.countsResource);
  protected readonly openCount = computed(() => sum(this.counts(), OPEN_STATUSES));
  protected readonly allCount = computed(() => sum(this.counts(), TICKET_STATUSES));
  protected readonly categories = loaded(rxResource({ params: () => ({ locale: this.i18n.locale() }), stream: () => this.api.categories() }));
  protected readonly team = loaded(rxResource({ stream: () => this.api.team() }));

  protected readonly items = signal<QueueItem[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  /** On a phone the filters past the status fold away behind a button, so requests show on the first screen (issue 17.9). */
  protected readonly filtersOpen = signal(false);
  /** How many of those folded filters are in use, shown on the button so a folded filter is never forgotten. */
  protected readonly activeFilters = computed(() => [this.q(), this.categoryId(), this.owner(), this.priority(), this.sort(), this.order(), this.unread(), this.tag()].filter(Boolean).length);

  // Issue 17: tags, saved views, selection and bulk changes, keyboard.
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly tagsResource = rxResource({ stream: () => this.api.tags() });
  protected readonly tags = loaded(this.tagsResource);
  /** The saved view the address is now (the same query), if any. */
  protected readonly currentViewQuery = computed(() => viewQueryOf(this.params()));
  private readonly viewsBar = viewChild(QueueViews);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly selectedCount = computed(() => this.selected().size);
  protected readonly allSelected = computed(() => this.items().length > 0 && this.items().every((item) => this.selected().has(item.trackingId)));
  protected readonly bulkMax = BULK_MAX_TICKETS;
  protected readonly bulkTag = signal('');
  protected readonly bulkBusy = signal(false);
  protected readonly bulkResult = signal<BulkTicketsResponse | null>(null);
  protected readonly bulkError = signal<string | null>(null);
  /** The row j/k moved to (-1: none yet). */
  protected readonly activeIndex = signal(-1);
  private generation = 0;
  /** Requests that changed since the list was loaded (a resync counts as one unknown change). */
  private readonly changed = signal(new Set<string>());
  protected readonly changedCount = computed(() => this.changed().size);
  private countsReload: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    inject(KeyboardShortcuts)
      .actions.pipe(takeUntilDestroyed())
      .subscribe((action) => this.shortcut(action));
    effect(() => {
      const query = this.query();
      untracked(() => {
        // Another filter: a selection of rows no longer shown would be changed unseen.
        this.selected.set(new Set());
        this.load(query);
      });
    });
    inject(LiveUpdates)
      .updates.pipe(takeUntilDestroyed())
      .subscribe((update) => {
        if (update.kind === 'presence') return;
        if (update.kind === 'ticket') this.markUnread(update.event);
        const key = update.kind === 'ticket' ? update.event.ticketId : 'resync';
        this.changed.update((changed) => (changed.has(key) ? changed : new Set(changed).add(key)));
        // A burst of changes reloads the counts once.
        this.countsReload ??= setTimeout(() => {
          this.countsReload = null;
          this.countsResource.reload();
        }, 500);
      });
  }

  /**
   * Issue 17: a row shown here that someone else just changed reads as unread at once (the list itself
   * waits for the agent); what is no news on the server is none here either (isNews).
   */
  private markUnread(event: LiveTicketEvent): void {
    if (!isNews(event, this.session.me()?.name)) return;
    this.items.update((items) => (items.some((item) => item.id === event.ticketId && !item.unread) ? items.map((item) => (item.id === event.ticketId ? { ...item, unread: true } : item)) : items));
  }

  protected setFilter(patch: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: patch, queryParamsHandling: 'merge' });
  }

  protected search(event: Event): void {
    event.preventDefault();
    this.setFilter({ q: this.searchText().trim() || null });
  }

  protected clear(): void {
    this.searchText.set('');
    void this.router.navigate([]);
  }

  /** The queue as it is now: new requests, other people's changes. */
  protected refresh(): void {
    this.changed.set(new Set());
    this.load(this.query());
    this.countsResource.reload();
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor) this.load(this.query(), cursor);
  }

  protected statusCount(status: TicketStatus): number {
    return this.counts()?.[status] ?? 0;
  }

  /** Issue 19: "ще 2 год 5 хв", "прострочено на 15 хв", "пауза", or nothing; ageing with the clock. */
  protected slaText(item: QueueItem): { text: string; kind: SlaState['kind'] } {
    const state = slaState(item, this.i18n.now());
    if (state.kind === 'left') return { kind: 'left', text: this.i18n.t('sla.left', { time: shortDuration(state.milliseconds, this.i18n.locale()) }) };
    if (state.kind === 'overdue') return { kind: 'overdue', text: this.i18n.t('sla.overdue', { time: shortDuration(state.milliseconds, this.i18n.locale()) }) };
    if (state.kind === 'paused') return { kind: 'paused', text: this.i18n.t('sla.paused') };
    return { kind: 'none', text: this.i18n.t('admin.none') };
  }

  protected ownerName(item: QueueItem): string {
    return item.owner?.name ?? this.i18n.t('queue.unassigned');
  }

  protected applyView(view: SavedView): void {
    void this.router.navigate([], { queryParams: paramsOfView(view.query) });
  }

  protected toggle(item: QueueItem): void {
    this.selected.update((selected) => {
      const next = new Set(selected);
      if (!next.delete(item.trackingId)) next.add(item.trackingId);
      return next;
    });
  }

  protected clearSelection(): void {
    this.selected.set(new Set());
  }

  protected toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set(this.items().slice(0, BULK_MAX_TICKETS).map((item) => item.trackingId)));
  }

  /** Issue 17: the same change to every selected request; the answer lists those refused, and why. */
  protected bulk(action: BulkTicketAction): void {
    const trackingIds = [...this.selected()];
    if (trackingIds.length === 0 || this.bulkBusy()) return;
    this.bulkBusy.set(true);
    this.bulkError.set(null);
    this.bulkResult.set(null);
    this.api.bulk(trackingIds, action).subscribe({
      next: (result) => {
        this.bulkBusy.set(false);
        this.bulkResult.set(result);
        // What was refused stays selected, to try again or look at.
        this.selected.set(new Set(result.results.filter((r) => !r.ok).map((r) => r.trackingId)));
        this.bulkTag.set('');
        this.refresh();
        this.viewsBar()?.reload();
        // A new name made a free tag: the filter offers it.
        if (action.addTags?.length) this.tagsResource.reload();
      },
      error: (error) => {
        this.bulkBusy.set(false);
        this.bulkError.set(errorText(error, this.i18n));
      },
    });
  }

  protected bulkAddTag(event: Event): void {
    event.preventDefault();
    const name = this.bulkTag().trim();
    if (name) this.bulk({ addTags: [name] });
  }

  protected refused(result: BulkTicketsResponse) {
    return result.results.filter((r) => !r.ok);
  }

  private shortcut(action: ShortcutAction): void {
    const rows = this.rows();
    if (action === 'search') {
      this.filtersOpen.set(true);
      // After the folded filters (a phone) show.
      setTimeout(() => this.host.nativeElement.querySelector<HTMLInputElement>('[data-testid="queue-search"]')?.focus());
    } else if ((action === 'next' || action === 'previous') && rows.length > 0) {
      const from = this.activeIndex();
      const index = from < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, from + (action === 'next' ? 1 : -1)));
      this.activeIndex.set(index);
      rows[index].focus();
      rows[index].scrollIntoView({ block: 'nearest' });
    } else if (action === 'open') {
      const item = this.items()[this.activeIndex()];
      if (item) void this.router.navigate(['/admin/tickets', item.trackingId]);
    }
  }

  private rows(): HTMLElement[] {
    return [...this.host.nativeElement.querySelectorAll<HTMLElement>('tr[data-testid="queue-row"]')];
  }

  private load(query: QueueQuery, cursor?: string): void {
    const generation = ++this.generation;
    if (!cursor) {
      this.changed.set(new Set());
      this.activeIndex.set(-1);
    }
    this.loading.set(true);
    this.error.set(null);
    this.api.queue({ ...query, cursor }).subscribe({
      next: (page) => {
        // An answer to filters that have since changed is dropped.
        if (generation !== this.generation) return;
        this.items.update((items) => (cursor ? [...items, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error) => {
        if (generation !== this.generation) return;
        this.error.set(errorText(error, this.i18n));
        this.loading.set(false);
      },
    });
  }
}

function sum(counts: Record<string, number> | undefined, statuses: readonly string[]): number {
  return statuses.reduce((total, status) => total + (counts?.[status] ?? 0), 0);
}
