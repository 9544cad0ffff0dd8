import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { SlaCalendarInput, SlaCalendarView, type SlaHours, SlaPolicyInput, SlaPolicyView, TICKET_PRIORITIES, TicketPriority } from '@pidtrymka/contracts';
import type { Observable } from 'rxjs';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { dayHoursText, parseDayHours, parseDays } from '../core/sla-time';
import { StaffApi } from '../core/staff-api.service';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const WEEKDAY_KEYS = ['0', '1', '2', '3', '4', '5', '6'] as const;

interface CalendarDraft {
  id: number | null;
  name: string;
  week: string[];
  observePublicHolidays: boolean;
  workedHolidays: string[];
  extraDaysOff: string;
}

interface PolicyDraft {
  id: number | null;
  name: string;
  categoryId: number | null;
  priority: TicketPriority | null;
  calendarId: number | null;
  firstResponseMinutes: string;
  nextResponseMinutes: string;
  resolutionMinutes: string;
}

/** Issue 19 (admins only): working calendars with Ukraine's public holidays, and the SLA policies that use them. */
@Component({
  selector: 'app-sla-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('slaAdmin.title') }}</h1>
      <p class="muted">{{ i18n.t('slaAdmin.intro') }}</p>
      <div class="live" role="status" data-testid="sla-notice">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }

      <section aria-labelledby="calendars-title">
        <h2 id="calendars-title">{{ i18n.t('slaAdmin.calendars') }}</h2>
        @for (c of calendarDrafts(); track c.id ?? 'new') {
          <form class="card calendar" (submit)="saveCalendar($event, c)" novalidate data-testid="sla-calendar">
            <mat-form-field>
              <mat-label>{{ c.id === null ? i18n.t('slaAdmin.newCalendar') : i18n.t('slaAdmin.calendarName') }}</mat-label>
              <input matInput maxlength="100" [value]="c.name" (input)="c.name = $any($event.target).value" />
            </mat-form-field>
            <div class="week">
              @for (d of weekdays; track d) {
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.tFor('slaAdmin.weekday', weekdayKeys[d]) }}</mat-label>
                  <input matInput maxlength="100" [value]="c.week[d]" (input)="c.week[d] = $any($event.target).value" [attr.data-testid]="'sla-hours-' + d" />
                  @if (d === 0) { <mat-hint>{{ i18n.t('slaAdmin.hoursHint') }}</mat-hint> }
                </mat-form-field>
              }
            </div>
            <mat-checkbox [checked]="c.observePublicHolidays" (change)="c.observePublicHolidays = $event.checked; touch()" data-testid="sla-observe">{{ i18n.t('slaAdmin.observe') }}</mat-checkbox>
            <p class="muted small">{{ i18n.t('slaAdmin.martialLaw') }}</p>
            @if (c.observePublicHolidays) {
              <fieldset class="holidays">
                <legend>
                  {{ i18n.t('slaAdmin.holidays', { year: year() }) }}
                  <button matButton type="button" (click)="year.set(year() - 1)" aria-label="−1">‹</button>
                  <button matButton type="button" (click)="year.set(year() + 1)" aria-label="+1">›</button>
                </legend>
                <ul>
                  @for (h of holidays() ?? []; track h.date) {
                    <li>
                      <mat-checkbox [checked]="c.workedHolidays.includes(h.date)" (change)="toggleWorked(c, h.date, $event.checked)">
                        {{ h.date }} — {{ h.name }} ({{ i18n.t('slaAdmin.holidayWorked') }})
                      </mat-checkbox>
                    </li>
                  }
                </ul>
              </fieldset>
            }
            <mat-form-field class="span">
              <mat-label>{{ i18n.t('slaAdmin.extraDaysOff') }}</mat-label>
              <input matInput maxlength="5000" [value]="c.extraDaysOff" (input)="c.extraDaysOff = $any($event.target).value" data-testid="sla-days-off" />
            </mat-form-field>
            <div class="actions">
              <button matButton="filled" type="submit" [disabled]="busy()" data-testid="sla-calendar-save">{{ c.id === null ? i18n.t('slaAdmin.add') : i18n.t('admin.save') }}</button>
            </div>
          </form>
        }
      </section>

      <section aria-labelledby="policies-title">
        <h2 id="policies-title">{{ i18n.t('slaAdmin.policies') }}</h2>
        @for (p of policyDrafts(); track p.id ?? 'new') {
          <form class="card policy" (submit)="savePolicy($event, p)" novalidate data-testid="sla-policy">
            @if (p.id !== null && p.categoryId === null && p.priority === null) { <p class="tag">{{ i18n.t('slaAdmin.defaultPolicy') }}</p> }
            @if (p.id === null) { <h3>{{ i18n.t('slaAdmin.newPolicy') }}</h3> }
            <div class="fields">
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.policyName') }}</mat-label>
                <input matInput maxlength="100" [value]="p.name" (input)="p.name = $any($event.target).value" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.category') }}</mat-label>
                <mat-select [value]="p.categoryId" (selectionChange)="p.categoryId = $event.value">
                  <mat-option [value]="null">{{ i18n.t('slaAdmin.anyCategory') }}</mat-option>
                  @for (cat of categories() ?? []; track cat.id) { <mat-option [value]="cat.id">{{ cat.name }}</mat-option> }
                </mat-select>
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.priority') }}</mat-label>
                <mat-select [value]="p.priority" (selectionChange)="p.priority = $event.value">
                  <mat-option [value]="null">{{ i18n.t('slaAdmin.anyPriority') }}</mat-option>
                  @for (pr of priorities; track pr) { <mat-option [value]="pr">{{ i18n.tFor('priority', pr) }}</mat-option> }
                </mat-select>
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.calendar') }}</mat-label>
                <mat-select [value]="p.calendarId" (selectionChange)="p.calendarId = $event.value">
                  @for (cal of calendars() ?? []; track cal.id) { <mat-option [value]="cal.id">{{ cal.name }}</mat-option> }
                </mat-select>
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.firstResponse') }}</mat-label>
                <input matInput type="number" min="1" [value]="p.firstResponseMinutes" (input)="p.firstResponseMinutes = $any($event.target).value" />
                <mat-hint>{{ i18n.t('slaAdmin.noTarget') }}</mat-hint>
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.nextResponse') }}</mat-label>
                <input matInput type="number" min="1" [value]="p.nextResponseMinutes" (input)="p.nextResponseMinutes = $any($event.target).value" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ i18n.t('slaAdmin.resolution') }}</mat-label>
                <input matInput type="number" min="1" [value]="p.resolutionMinutes" (input)="p.resolutionMinutes = $any($event.target).value" />
              </mat-form-field>
            </div>
            <div class="actions">
              <button matButton="filled" type="submit" [disabled]="busy()" data-testid="sla-policy-save">{{ p.id === null ? i18n.t('slaAdmin.add') : i18n.t('admin.save') }}</button>
              @if (p.id !== null && (p.categoryId !== null || p.priority !== null)) {
                <button matButton type="button" (click)="deletePolicy(p.id)" [disabled]="busy()">{{ i18n.t('admin.delete') }}</button>
              }
            </div>
          </form>
        }
      </section>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    .card { margin-bottom: 16px; display: flex; flex-direction: column; gap: 8px; }
    .week { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 12px; }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 0 12px; }
    .holidays ul { list-style: none; margin: 0; padding: 0; columns: 2 320px; }
    .holidays { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    .tag { align-self: flex-start; margin: 0; }
    .small { font-size: 13px; margin: 0; }
    h3 { margin: 0; }
  `,
})
export class SlaPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);

  protected readonly weekdays = WEEKDAYS;
  protected readonly weekdayKeys = WEEKDAY_KEYS;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly year = signal(new Date().getFullYear());

  private readonly calendarsResource = rxResource({ stream: () => this.api.slaCalendars() });
  protected readonly calendars = loaded(this.calendarsResource);
  private readonly policiesResource = rxResource({ stream: () => this.api.slaPolicies() });
  private readonly policies = loaded(this.policiesResource);
  protected readonly holidays = loaded(rxResource({ params: () => ({ year: this.year(), locale: this.i18n.locale() }), stream: ({ params }) => this.api.publicHolidays(params.year) }));
  protected readonly categories = loaded(rxResource({ params: () => ({ locale: this.i18n.locale() }), stream: () => this.api.categories() }));

  /** Editable copies, remade whenever the server's lists load, plus one blank of each for adding. */
  protected readonly calendarDrafts = signal<CalendarDraft[]>([]);
  protected readonly policyDrafts = signal<PolicyDraft[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  constructor() {
    // Drafts follow each load; what was typed and not saved goes with a reload, as on the other admin pages.
    effect(() => {
      const calendars = this.calendars();
      if (calendars) this.calendarDrafts.set([...calendars.map(calendarDraft), calendarDraft(null)]);
    });
    effect(() => {
      const policies = this.policies();
      const calendars = this.calendars();
      if (policies) this.policyDrafts.set([...policies.map((policy) => policyDraft(policy, null)), policyDraft(null, calendars?.[0]?.id ?? null)]);
    });
  }

  /** A checkbox changed a draft: a new list, so OnPush shows what depends on it (the holiday list). */
  protected touch(): void {
    this.calendarDrafts.update((drafts) => [...drafts]);
  }

  protected toggleWorked(draft: CalendarDraft, date: string, worked: boolean): void {
    draft.workedHolidays = worked ? [...draft.workedHolidays, date] : draft.workedHolidays.filter((day) => day !== date);
  }

  protected saveCalendar(event: Event, draft: CalendarDraft): void {
    event.preventDefault();
    const week = draft.week.map(parseDayHours);
    const extraDaysOff = parseDays(draft.extraDaysOff);
    if (week.some((day) => day === null)) return this.error.set(this.i18n.t('slaAdmin.badHours'));
    if (!extraDaysOff) return this.error.set(this.i18n.t('slaAdmin.badDays'));
    const input: SlaCalendarInput = { name: draft.name.trim(), week: week as SlaHours[][], observePublicHolidays: draft.observePublicHolidays, workedHolidays: draft.workedHolidays, extraDaysOff };
    this.run(this.api.saveSlaCalendar(draft.id, input), () => this.calendarsResource.reload());
  }

  protected savePolicy(event: Event, draft: PolicyDraft): void {
    event.preventDefault();
    const minutes = (text: string) => (text.trim() === '' ? null : Number(text));
    const input: SlaPolicyInput = {
      name: draft.name.trim(),
      categoryId: draft.categoryId,
      priority: draft.priority,
      calendarId: draft.calendarId ?? 0,
      firstResponseMinutes: minutes(draft.firstResponseMinutes),
      nextResponseMinutes: minutes(draft.nextResponseMinutes),
      resolutionMinutes: minutes(draft.resolutionMinutes),
    };
    this.run(this.api.saveSlaPolicy(draft.id, input), () => this.policiesResource.reload());
  }

  protected deletePolicy(id: number): void {
    this.run(this.api.deleteSlaPolicy(id), () => this.policiesResource.reload());
  }

  private run(request: Observable<unknown>, reload: () => void): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        this.notice.set(this.i18n.t('admin.saved'));
        reload();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
      },
    });
  }
}

export function calendarDraft(calendar: SlaCalendarView | null): CalendarDraft {
  return {
    id: calendar?.id ?? null,
    name: calendar?.name ?? '',
    week: WEEKDAYS.map((d) => dayHoursText(calendar?.week[d] ?? (d < 5 ? [{ start: '09:00', end: '18:00' }] : []))),
    observePublicHolidays: calendar?.observePublicHolidays ?? false,
    workedHolidays: [...(calendar?.workedHolidays ?? [])],
    extraDaysOff: (calendar?.extraDaysOff ?? []).join(', '),
  };
}

export function policyDraft(policy: SlaPolicyView | null, calendarId: number | null): PolicyDraft {
  const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  return {
    id: policy?.id ?? null,
    name: policy?.name ?? '',
    categoryId: policy?.categoryId ?? null,
    priority: policy?.priority ?? null,
    calendarId: policy?.calendarId ?? calendarId,
    firstResponseMinutes: text(policy?.firstResponseMinutes),
    nextResponseMinutes: text(policy?.nextResponseMinutes),
    resolutionMinutes: text(policy?.resolutionMinutes),
  };
}
