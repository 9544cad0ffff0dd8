import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, map, of } from 'rxjs';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import {
  CollisionErrorBody,
  LivePresenceEvent,
  LiveTicketEvent,
  PRESENCE_REPEAT_MS,
  PRESENCE_TTL_MS,
  PresenceState,
  StaffMessageView,
  StaffTicketView,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketStatus,
  UpdateTicketRequest,
} from '@pidtrymka/contracts';
import { HttpErrorResponse } from '@angular/common/http';
import { apiError } from '../../core/api/api-error';
import { checkAttachments } from '../../core/attachments/attachment-check';
import { AttachmentLimits } from '../../core/attachments/attachment-limits';
import { I18n } from '../../core/i18n/i18n.service';
import { PageTitle } from '../../core/i18n/page-title';
import { SignatureOrganisation } from '../../core/ui/conversation/attachment-inspections';
import { ConversationView } from '../../core/ui/conversation/conversation-view';
import { errorText } from '../core/errors';
import { LiveUpdate, LiveUpdates } from '../core/live-updates.service';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';
import { shortDuration } from '../core/sla-time';
import { OrganisationPanel } from '../organisations/organisation-panel';
import { ParticipantRequests } from './participant-requests';
import { KeyboardShortcuts } from '../core/keyboard-shortcuts.service';

type Mode = 'reply' | 'note';

/** Issue 17: typing is kept on the server once it pauses this long (not at every key). */
const DRAFT_SAVE_DELAY_MS = 1_000;

interface Colleague {
  name: string;
  state: Exclude<PresenceState, 'left'>;
  at: number;
}

/**
 * A request as staff work it (R-STAFF-1): the conversation with internal notes set apart,
 * the reply or note form with canned responses and attachments, the controls for status,
 * owner, priority and category, close and reopen, merge — and the 409 collision: when
 * someone else wrote meanwhile, the new messages are shown and the draft is kept.
 *
 * Live (issue 17): the page follows the request as it changes — a participant's reply
 * appears, a colleague's reply raises the collision warning before the agent sends, a
 * colleague's change of status or owner shows — and tells colleagues who may see the
 * request that this agent is viewing or typing, as they see who else is.
 */
@Component({
  selector: 'app-ticket-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatButtonToggleGroup, MatButtonToggle, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption, MatProgressBar, ConversationView, OrganisationPanel, ParticipantRequests],
  templateUrl: './ticket-page.html',
  styleUrl: './ticket-page.scss',
})
export class TicketPage {
  protected readonly i18n = inject(I18n);
  protected readonly api = inject(StaffApi);
  protected readonly session = inject(StaffSession);
  private readonly router = inject(Router);
  private readonly live = inject(LiveUpdates);
  private readonly destroyRef = inject(DestroyRef);

  readonly trackingId = input.required<string>();

  /** Colleagues on this request, by staff id, as their pages last told. */
  private readonly colleagues = signal(new Map<string, Colleague>());
  private readonly now = signal(Date.now());
  protected readonly presence = computed(() => {
    const now = this.now();
    return [...this.colleagues().values()].filter((c) => now - c.at < PRESENCE_TTL_MS).sort((a, b) => a.name.localeCompare(b.name));
  });
  /** Messages this page sent: their live events are not news. */
  private readonly sentMessageIds = new Set<string>();
  /** Events that came while a send was on its way: judged once its answer says which message was ours. */
  private heldWhileSending: LiveTicketEvent[] = [];

  protected readonly statuses = TICKET_STATUSES;
  protected readonly priorities = TICKET_PRIORITIES;

  protected readonly ticket = signal<StaffTicketView | null>(null);
  /** The request's organisation, as its panel loaded it: signed attachments are compared with its ЄДРПОУ. */
  protected readonly organisation = signal<SignatureOrganisation | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
  /** The tracking ID asked for, when it led to the request it was merged into. */
  protected readonly mergedFrom = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly busy = signal(false);

  // The reply form
  protected readonly mode = signal<Mode>('reply');
  protected readonly body = signal('');
  protected readonly files = signal<File[]>([]);
  /** Empty: the API's default (`replied` after a reply; unchanged after a note). */
  protected readonly statusAfter = signal<TicketStatus | ''>('');
  protected readonly sendError = signal<string | null>(null);
  protected readonly collision = signal<StaffMessageView[] | null>(null);
  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('replyBody');
  /**
   * Issue 17 ("never lose typing"): the reply and the note are two drafts kept on the
   * server for this agent alone; the text area shows the one of the current mode.
   * `saved`: what the server holds of each, so that only a change is sent.
   */
  private readonly drafts: Record<Mode, string> = { reply: '', note: '' };
  private readonly saved: Record<Mode, string | null> = { reply: '', note: '' };
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whose drafts these are: a page that moves to another request keeps them apart. */
  private draftsOf: string | null = null;
  protected readonly draftSaved = signal(false);
  /**
   * What colleagues are told of this agent: writing while the text area holds unsent text (as Zammad
   * shows an edited task), viewing otherwise. A state, not a keystroke: the periodic repeat tells it too,
   * so a repeat never turns a colleague's "writing" back into "viewing" while the draft is still there.
   */
  private readonly myPresence = computed<PresenceState>(() => (this.body().trim() ? 'typing' : 'viewing'));
  private readonly shownTrackingId = computed(() => this.ticket()?.trackingId);

  // Merge
  protected readonly mergeInto = signal('');
  protected readonly mergeConfirming = signal(false);
  protected readonly mergeError = signal<string | null>(null);
  /** Issue 17: the participant's other requests this person may see (the API keeps the queue's category rule). */
  protected readonly related = loaded(
    rxResource({
      params: () => this.ticket()?.trackingId,
      stream: ({ params }) => (params ? this.api.relatedTickets(params).pipe(map((related) => related.participant)) : of([])),
    }),
  );
  /**
   * Issue 12.2: only requests of the same participant can be merged (the API refuses others with 409),
   * so the field offers those: the participant's other requests, as the page lists them.
   */
  protected readonly mergeTargets = this.related;

  protected readonly canned = loaded(rxResource({ stream: () => this.api.cannedResponses() }));
  protected readonly categories = loaded(rxResource({ params: () => ({ locale: this.i18n.locale() }), stream: () => this.api.categories() }));
  protected readonly team = loaded(rxResource({ stream: () => this.api.team() }));
  protected readonly limits = inject(AttachmentLimits).value;

  /** Who may own it: admins, and agents granted its category (the API refuses anyone else). */
  /** Issue 19: "ще 2 год" or "прострочено на 15 хв", ageing with the clock. */
  protected slaLeft(dueAt: string): string {
    const milliseconds = new Date(dueAt).getTime() - this.i18n.now();
    const time = shortDuration(milliseconds, this.i18n.locale());
    return milliseconds < 0 ? this.i18n.t('sla.overdue', { time }) : this.i18n.t('sla.left', { time });
  }

  protected clockOverdue(dueAt: string): boolean {
    return new Date(dueAt).getTime() < this.i18n.now();
  }

  protected readonly owners = computed(() => {
    const categoryId = this.ticket()?.category.id;
    return (this.team() ?? []).filter((m) => m.role === 'admin' || (categoryId !== undefined && m.categoryIds.includes(categoryId)));
  });
  /** An owner who can no longer be chosen (deactivated, category changed) still shows as the owner. */
  protected readonly ownerOutsideList = computed(() => {
    const owner = this.ticket()?.owner;
    return owner && !this.owners().some((o) => o.id === owner.id) ? owner : null;
  });
  protected readonly lastSeenMessageId = computed(() => {
    const messages = this.ticket()?.messages ?? [];
    return messages.length ? messages[messages.length - 1].id : '0';
  });
  protected readonly closed = computed(() => this.ticket()?.status === 'resolved');
  protected readonly filesHint = computed(() => {
    const limits = this.limits();
    return this.i18n.t('staffTicket.filesHint', { max: limits.maxCount, size: this.i18n.formatBytes(limits.maxBytes), types: limits.extensions.join(', ') });
  });

  constructor() {
    inject(PageTitle).follow(() => {
      const ticket = this.ticket();
      return ticket ? this.i18n.t('ticket.tabTitle', { subject: ticket.subject, number: ticket.number, trackingId: ticket.trackingId }) : null;
    });
    effect(() => {
      const trackingId = this.trackingId();
      untracked(() => {
        if (this.ticket()?.trackingId === trackingId) return;
        this.flushDraft();
        this.ticket.set(null);
        this.collision.set(null);
        this.load(trackingId);
      });
    });
    this.live.updates.pipe(takeUntilDestroyed()).subscribe((update) => this.heard(update));
    // Issue 17: r a reply, n a note (the text area gets the focus), c closes.
    inject(KeyboardShortcuts)
      .actions.pipe(takeUntilDestroyed())
      .subscribe((action) => {
        if (!this.ticket()) return;
        if (action === 'reply' || action === 'note') {
          this.setMode(action);
          this.textarea()?.nativeElement.focus();
        }
        if (action === 'close' && !this.closed() && !this.busy()) this.closeTicket();
      });
    // Told when the request shown or this agent's state changes (not at every reload or keystroke).
    effect(() => {
      const state = this.myPresence();
      if (this.shownTrackingId()) untracked(() => this.tellPresence(state));
    });
    const repeat = setInterval(() => {
      this.now.set(Date.now());
      this.tellPresence(this.myPresence());
    }, PRESENCE_REPEAT_MS);
    // Issue 17: a tab closed or reloaded keeps what was typed since the last save.
    const leaving = () => this.flushDraft(true);
    window.addEventListener('pagehide', leaving);
    this.destroyRef.onDestroy(() => {
      clearInterval(repeat);
      window.removeEventListener('pagehide', leaving);
      this.flushDraft();
      this.tellPresence('left');
    });
  }

  private heard(update: LiveUpdate): void {
    const ticket = this.ticket();
    if (!ticket) return;
    if (update.kind === 'resync') return this.load(ticket.trackingId);
    if (update.kind === 'presence') return this.colleagueSeen(update.event);
    if (update.event.ticketId !== ticket.id) return;
    if (this.busy()) {
      this.heldWhileSending.push(update.event);
      return;
    }
    this.judge(update.event);
  }

  /** What a change to this request means here. */
  private judge(event: LiveTicketEvent): void {
    const ticket = this.ticket();
    if (!ticket || (event.messageId && this.sentMessageIds.has(event.messageId))) return;
    if (event.type !== 'message.added') {
      if (event.actor?.type === 'staff' && event.actor.name !== this.session.me()?.name) this.announce(this.i18n.t('staffTicket.liveChanged', { name: event.actor.name }));
      return this.load(ticket.trackingId);
    }
    const seen = this.lastSeenMessageId();
    this.load(ticket.trackingId, () => {
      const fresh = (this.ticket()?.messages ?? []).filter((m) => BigInt(m.id) > BigInt(seen) && !this.sentMessageIds.has(m.id));
      if (fresh.length && this.body().trim()) {
        // Someone wrote while this agent is writing: the warning a send would get as a 409, before sending.
        const shown = this.collision() ?? [];
        this.collision.set([...shown, ...fresh.filter((m) => !shown.some((c) => c.id === m.id))]);
      } else if (event.messageKind === 'participant_reply') {
        this.announce(this.i18n.t('staffTicket.liveParticipantReplied'));
      } else if (fresh.length && event.actor?.type === 'staff') {
        this.announce(this.i18n.t('staffTicket.liveChanged', { name: event.actor.name }));
      }
    });
  }

  private colleagueSeen(event: LivePresenceEvent): void {
    if (event.ticketId !== this.ticket()?.id) return;
    this.colleagues.update((all) => {
      const next = new Map(all);
      if (event.state === 'left') next.delete(event.staffId);
      else next.set(event.staffId, { name: event.name, state: event.state, at: Date.now() });
      return next;
    });
    this.now.set(Date.now());
  }

  private tellPresence(state: PresenceState): void {
    const ticket = this.ticket();
    if (ticket) this.api.presence(ticket.trackingId, state).subscribe({ error: () => undefined });
  }

  protected typed(text: string): void {
    this.body.set(text);
    this.drafts[this.mode()] = text;
    this.draftSaved.set(false);
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.flushDraft(), DRAFT_SAVE_DELAY_MS);
  }

  protected load(trackingId = this.trackingId(), then?: () => void): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.api.ticket(trackingId).subscribe({
      next: (ticket) => {
        const first = this.ticket()?.id !== ticket.id;
        this.ticket.set(ticket);
        this.loading.set(false);
        if (first) {
          this.colleagues.set(new Map());
          this.loadDrafts(ticket.trackingId);
        }
        if (ticket.trackingId !== trackingId) {
          const canonical = (id: string) => id.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
          // An old tracking ID of a merged request leads here; say so once the address shows the request's own ID.
          if (canonical(ticket.trackingId) !== canonical(trackingId)) this.mergedFrom.set(trackingId.toUpperCase());
          void this.router.navigate(['/admin/tickets', ticket.trackingId], { replaceUrl: true });
        }
        then?.();
      },
      error: (error) => {
        this.loading.set(false);
        this.loadError.set(error instanceof HttpErrorResponse && error.status === 404 ? this.i18n.t('staffTicket.notFound') : errorText(error, this.i18n));
      },
    });
  }

  protected readonly attachmentUrl = (attachmentId: string): string => this.api.attachmentUrl(this.ticket()!.trackingId, attachmentId);
  protected readonly previewUrl = (attachmentId: string): string => this.api.attachmentPreviewUrl(this.ticket()!.trackingId, attachmentId);
  protected readonly originalEmailUrl = (messageId: string): string => this.api.originalEmailUrl(messageId);

  protected auditLabel(action: string): string {
    return this.i18n.known(`audit.${action}`) ?? action;
  }

  /** The API names a channel with a plain string; the two it has today have their texts. */
  protected channelLabel(channel: string): string {
    return this.i18n.known(`staffTicket.channel.${channel}`) ?? channel;
  }

  protected auditDetail(details: Record<string, unknown>): string {
    const from = details['from'];
    const to = details['to'];
    const label = (value: unknown) => {
      if (typeof value !== 'string') return value === null || value === undefined ? this.i18n.t('admin.none') : String(value);
      return this.i18n.known(`status.${value}`) ?? this.i18n.known(`priority.${value}`) ?? value;
    };
    if ('toName' in details) return String(details['toName'] ?? this.i18n.t('staffTicket.unassigned'));
    if (from !== undefined || to !== undefined) return `${label(from)} → ${label(to)}`;
    if (typeof details['into'] === 'string') return details['into'];
    if (typeof details['tag'] === 'string') return details['tag'];
    if (typeof details['from'] === 'string') return details['from'];
    return '';
  }

  // The reply form

  protected setMode(mode: Mode): void {
    if (mode === this.mode()) return;
    this.flushDraft();
    this.mode.set(mode);
    this.body.set(this.drafts[mode]);
    this.statusAfter.set('');
  }

  /** Issue 17: the agent's drafts of this request, put back where they were typed (unless typing began meanwhile). */
  private loadDrafts(trackingId: string): void {
    this.flushDraft();
    this.draftsOf = null;
    this.drafts.reply = this.drafts.note = this.saved.reply = this.saved.note = '';
    this.api.drafts(trackingId).subscribe({
      next: (drafts) => {
        const ticket = this.ticket();
        if (!ticket || ticket.trackingId !== trackingId) return;
        this.draftsOf = trackingId;
        for (const kind of ['reply', 'note'] as const) {
          const kept = drafts[kind]?.body ?? '';
          this.saved[kind] = kept;
          if (!this.drafts[kind]) this.drafts[kind] = kept;
        }
        if (!this.body()) this.body.set(this.drafts[this.mode()]);
      },
      // Without them the page still works; typing is then kept from the first save on.
      error: () => (this.draftsOf = trackingId),
    });
  }

  /** Sends what changed since the last save, at once; `leaving`: the page is going away. */
  private flushDraft(leaving = false): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
    const trackingId = this.draftsOf;
    if (!trackingId || trackingId !== this.ticket()?.trackingId) return;
    for (const kind of ['reply', 'note'] as const) {
      const body = this.drafts[kind];
      if (body === this.saved[kind]) continue;
      this.saved[kind] = body;
      if (leaving) {
        this.api.saveDraftAsLeaving(trackingId, kind, body);
        continue;
      }
      this.api.saveDraft(trackingId, kind, body).subscribe({
        next: () => {
          if (this.drafts[kind] === body && body.trim()) this.draftSaved.set(true);
        },
        // Not kept: unknown what the server holds, so the next change sends it again.
        error: () => {
          if (this.saved[kind] === body) this.saved[kind] = null;
        },
      });
    }
  }

  protected insertCanned(id: string): void {
    if (!id) return;
    this.api.renderCannedResponse(this.ticket()!.trackingId, id).subscribe({
      next: ({ body }) => {
        const area = this.textarea()?.nativeElement;
        const current = this.body();
        const start = area?.selectionStart ?? current.length;
        const end = area?.selectionEnd ?? current.length;
        const next = current.slice(0, start) + body + current.slice(end);
        this.typed(next);
        setTimeout(() => {
          area?.focus();
          area?.setSelectionRange(start + body.length, start + body.length);
        });
      },
      error: (error) => this.sendError.set(errorText(error, this.i18n)),
    });
  }

  protected addFiles(event: Event): void {
    const input = event.target as HTMLInputElement;
    const chosen = Array.from(input.files ?? []);
    input.value = '';
    const limits = this.limits();
    const { accepted, problems } = checkAttachments(chosen, this.files().length, limits, this.i18n.formatBytes(limits.maxBytes));
    this.files.update((files) => [...files, ...accepted]);
    this.sendError.set(problems.length ? problems.map((p) => this.i18n.t(p.key, p.params)).join(' ') : null);
  }

  protected removeFile(file: File): void {
    this.files.update((files) => files.filter((f) => f !== file));
    document.getElementById('add-files')?.focus();
  }

  protected send(event: Event): void {
    event.preventDefault();
    const ticket = this.ticket();
    // While the page catches up (after a 409, or a colleague's change heard live) a send would be based on
    // messages the agent has not seen yet, and be refused again: the button waits until the page is current.
    if (!ticket || this.busy() || this.loading() || !this.body().trim()) return;
    const internal = this.mode() === 'note';
    // A save landing after the send would bring back the draft the send deletes; a refused send saves again.
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
    this.busy.set(true);
    this.sendError.set(null);
    this.api
      .addMessage(ticket.trackingId, { body: this.body(), internal, lastSeenMessageId: this.lastSeenMessageId(), ...(this.statusAfter() ? { status: this.statusAfter() as TicketStatus } : {}) }, this.files())
      .subscribe({
        next: (sent) => {
          this.sentMessageIds.add(sent.message.id);
          this.busy.set(false);
          this.releaseHeld();
          this.body.set('');
          // The API deleted this draft with the send; what was typed meanwhile is kept anew.
          this.drafts[internal ? 'note' : 'reply'] = '';
          this.saved[internal ? 'note' : 'reply'] = '';
          this.draftSaved.set(false);
          this.files.set([]);
          this.statusAfter.set('');
          this.collision.set(null);
          this.announce(this.i18n.t(internal ? 'staffTicket.noteAdded' : 'staffTicket.sent'));
          this.load(ticket.trackingId);
        },
        error: (error) => {
          this.busy.set(false);
          this.flushDraft();
          this.releaseHeld();
          const body = apiError(error) as CollisionErrorBody | null;
          if (body?.code === 'ticket_changed') {
            // The draft stays; the page catches up, so the next send is based on what the agent now sees.
            this.collision.set(body.newMessages ?? []);
            this.load(ticket.trackingId, () => document.getElementById('collision')?.focus());
            return;
          }
          this.sendError.set(errorText(error, this.i18n));
          if (body?.code === 'ticket_merged') this.load(ticket.trackingId);
        },
      });
  }

  // The controls

  protected change(request: UpdateTicketRequest, message = this.i18n.t('staffTicket.changed')): void {
    const ticket = this.ticket();
    if (!ticket || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api.updateTicket(ticket.trackingId, request).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.ticket.set(updated);
        this.announce(message);
      },
      error: (error) => {
        this.busy.set(false);
        this.actionError.set(errorText(error, this.i18n));
        // The select shows what was chosen; put it back to what is true.
        this.load(ticket.trackingId);
      },
    });
  }

  /** Issue 17: every tag, for the name field's suggestions (the curated first). */
  protected readonly allTags = loaded(rxResource({ stream: () => this.api.tags() }));
  protected readonly newTag = signal('');

  protected addTag(event: Event): void {
    event.preventDefault();
    const ticket = this.ticket();
    const name = this.newTag().trim();
    if (!ticket || !name || this.busy()) return;
    this.tagChange(this.api.addTicketTag(ticket.trackingId, name), () => this.newTag.set(''));
  }

  protected removeTag(name: string): void {
    const ticket = this.ticket();
    if (ticket && !this.busy()) this.tagChange(this.api.removeTicketTag(ticket.trackingId, name));
  }

  private tagChange(call: Observable<StaffTicketView>, done?: () => void): void {
    this.busy.set(true);
    this.actionError.set(null);
    call.subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.ticket.set(updated);
        done?.();
      },
      error: (error) => {
        this.busy.set(false);
        this.actionError.set(errorText(error, this.i18n));
      },
    });
  }

  protected closeTicket(): void {
    this.change({ status: 'resolved' }, this.i18n.t('staffTicket.closed'));
  }

  protected reopen(): void {
    this.change({ status: 'in_progress' }, this.i18n.t('staffTicket.reopened'));
  }

  protected takeIt(): void {
    const me = this.session.me();
    if (me) this.change({ ownerId: me.id });
  }

  protected merge(event: Event): void {
    event.preventDefault();
    const ticket = this.ticket();
    const into = this.mergeInto().trim().toUpperCase();
    if (!ticket || !into || this.busy()) return;
    if (!this.mergeConfirming()) {
      this.mergeConfirming.set(true);
      return;
    }
    this.busy.set(true);
    this.mergeError.set(null);
    this.api.merge(ticket.trackingId, into).subscribe({
      next: (target) => {
        this.busy.set(false);
        this.mergeConfirming.set(false);
        this.mergeInto.set('');
        this.announce(this.i18n.t('staffTicket.merged'));
        void this.router.navigate(['/admin/tickets', target.trackingId]);
      },
      error: (error) => {
        this.busy.set(false);
        this.mergeConfirming.set(false);
        this.mergeError.set(errorText(error, this.i18n));
      },
    });
  }

  private releaseHeld(): void {
    const held = this.heldWhileSending.splice(0);
    // The send's own answer reloads the page; only a colleague's message needs judging.
    for (const event of held) if (event.type === 'message.added' && !(event.messageId && this.sentMessageIds.has(event.messageId))) this.judge(event);
  }

  private announce(text: string): void {
    this.notice.set(text);
  }

}
