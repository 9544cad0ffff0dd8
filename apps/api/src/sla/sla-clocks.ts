import type { SlaClockName, TicketStatus } from '@pidtrymka/contracts';
import { addWorkingMinutes, WorkingCalendar, workingMinutesBetween } from './working-time';

/**
 * The statuses in which the ball is in the participant's court (R-VIEW-2):
 * staff answered and waits (`replied`), or the request is parked for them
 * (`on_hold`). No clock runs then; the participant's reply moves the
 * request back to `waiting_reply` and the clocks go on.
 */
export const PAUSED_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['replied', 'on_hold']);

/** The targets of the policy a request falls under, in working minutes; null: no such clock. */
export interface SlaTargets {
  firstResponse: number | null;
  nextResponse: number | null;
  resolution: number | null;
}

/**
 * One clock. Working minutes used up before `runningSince` are in `spent`;
 * while it runs, it is due `target − spent` working minutes after
 * `runningSince`. Instants are ISO strings: the state is stored as JSON.
 */
export interface SlaClock {
  target: number;
  spent: number;
  runningSince: string | null;
  dueAt: string | null;
  /** When it was met (a reply, or resolution); a stopped clock never runs again but for resolution on reopening. */
  stoppedAt: string | null;
  /** When it went past its target, once known: at a pause or a stop after the due time, or stamped by the scheduler. */
  breachedAt: string | null;
  /** While it runs: when it will have used the warning share of its target (SLA_WARN_AT_PERCENT); `withWarnings` sets it. */
  warnAt?: string | null;
  /** Escalations, each once per clock (a next-response clock is a new one each time): the owner warned, the admins told of the breach. */
  warnedAt?: string | null;
  escalatedAt?: string | null;
}

export interface SlaState {
  paused: boolean;
  clocks: Partial<Record<SlaClockName, SlaClock>>;
}

/** What happens to a request, as the clocks see it (TicketLifecycle's events, reduced). */
export type SlaEvent =
  | { type: 'opened'; at: Date; status: TicketStatus }
  | { type: 'staff_replied'; at: Date; status: TicketStatus }
  | { type: 'participant_replied'; at: Date; status: TicketStatus }
  | { type: 'status_set'; at: Date; status: TicketStatus };

const CLOCKS: readonly SlaClockName[] = ['firstResponse', 'nextResponse', 'resolution'];

/** The clocks of a request `opened` at `at` under `targets`. */
export function openedState(targets: SlaTargets, at: Date, status: TicketStatus, calendar: WorkingCalendar): SlaState {
  return applySlaEvent({ paused: false, clocks: {} }, { type: 'opened', at, status }, targets, calendar);
}

/**
 * The state after `event`, pure: replaying a request's history through it
 * gives its clocks. `targets` are the policy's now (a change of priority or
 * category changes them: `retarget`).
 */
export function applySlaEvent(state: SlaState, event: SlaEvent, targets: SlaTargets, calendar: WorkingCalendar): SlaState {
  const at = event.at;
  const clocks: SlaState['clocks'] = {};
  for (const name of CLOCKS) {
    const clock = state.clocks[name];
    if (clock) clocks[name] = { ...clock };
  }
  const next: SlaState = { paused: state.paused, clocks };
  switch (event.type) {
    case 'opened':
      if (targets.firstResponse !== null) clocks.firstResponse = fresh(targets.firstResponse);
      if (targets.resolution !== null) clocks.resolution = fresh(targets.resolution);
      break;
    case 'staff_replied':
      for (const name of ['firstResponse', 'nextResponse'] as const) {
        const clock = clocks[name];
        if (clock && !clock.stoppedAt) clocks[name] = stop(clock, at, calendar);
      }
      break;
    case 'participant_replied': {
      // A new question once the first was answered; more messages before the answer keep the clock that runs.
      const first = clocks.firstResponse;
      const answered = !first || first.stoppedAt !== null;
      const waiting = clocks.nextResponse && !clocks.nextResponse.stoppedAt;
      if (answered && !waiting && targets.nextResponse !== null) clocks.nextResponse = fresh(targets.nextResponse);
      break;
    }
    case 'status_set':
      break;
  }
  if (event.status === 'resolved') {
    for (const name of CLOCKS) {
      const clock = clocks[name];
      if (clock && !clock.stoppedAt) clocks[name] = stop(clock, at, calendar);
    }
  } else if (clocks.resolution?.stoppedAt) {
    // Reopened: resolution goes on from the working time it had used.
    clocks.resolution = { ...clocks.resolution, stoppedAt: null };
  }
  next.paused = PAUSED_STATUSES.has(event.status) || event.status === 'resolved';
  for (const name of CLOCKS) {
    const clock = clocks[name];
    if (!clock || clock.stoppedAt) continue;
    if (next.paused && clock.runningSince) clocks[name] = pause(clock, at, calendar);
    else if (!next.paused && !clock.runningSince) clocks[name] = run(clock, at, calendar);
  }
  return next;
}

/** The same clocks under new targets (a change of priority or category): time used stays used. */
export function retarget(state: SlaState, targets: SlaTargets, calendar: WorkingCalendar): SlaState {
  const clocks: SlaState['clocks'] = {};
  for (const name of CLOCKS) {
    const clock = state.clocks[name];
    const target = targets[name];
    if (!clock || target === null) continue;
    clocks[name] = clock.runningSince && !clock.stoppedAt ? { ...clock, target, dueAt: addWorkingMinutes(new Date(clock.runningSince), Math.max(0, target - clock.spent), calendar).toISOString() } : { ...clock, target };
  }
  return { paused: state.paused, clocks };
}

/** The nearest due time of a running clock: what the queue sorts and filters by. Null while paused or all met. */
export function nearestDue(state: SlaState): Date | null {
  let nearest: string | null = null;
  for (const name of CLOCKS) {
    const due = state.clocks[name]?.dueAt;
    if (due && (nearest === null || due < nearest)) nearest = due;
  }
  return nearest === null ? null : new Date(nearest);
}

/** The state with each running clock's warning instant: `share` (0–1) of its target used, counting what was used before. */
export function withWarnings(state: SlaState, share: number, calendar: WorkingCalendar): SlaState {
  const clocks: SlaState['clocks'] = {};
  for (const name of CLOCKS) {
    const clock = state.clocks[name];
    if (!clock) continue;
    const running = clock.runningSince !== null && clock.stoppedAt === null;
    const warnAt = running ? addWorkingMinutes(new Date(clock.runningSince!), Math.max(0, clock.target * share - clock.spent), calendar).toISOString() : null;
    clocks[name] = { ...clock, warnAt };
  }
  return { paused: state.paused, clocks };
}

/** The next instant the scheduler has something to send for: a warning not yet sent, or a breach not yet told. Null: nothing pending. */
export function nextAlert(state: SlaState): Date | null {
  let next: string | null = null;
  for (const name of CLOCKS) {
    const clock = state.clocks[name];
    if (!clock || !clock.runningSince || clock.stoppedAt) continue;
    for (const at of [clock.warnedAt ? null : clock.warnAt, clock.escalatedAt ? null : clock.dueAt]) if (at && (next === null || at < next)) next = at;
  }
  return next === null ? null : new Date(next);
}

function fresh(target: number): SlaClock {
  return { target, spent: 0, runningSince: null, dueAt: null, stoppedAt: null, breachedAt: null };
}

function run(clock: SlaClock, at: Date, calendar: WorkingCalendar): SlaClock {
  const due = addWorkingMinutes(at, Math.max(0, clock.target - clock.spent), calendar);
  return { ...clock, runningSince: at.toISOString(), dueAt: due.toISOString() };
}

function pause(clock: SlaClock, at: Date, calendar: WorkingCalendar): SlaClock {
  const spent = clock.spent + workingMinutesBetween(new Date(clock.runningSince!), at, calendar);
  const late = clock.dueAt !== null && clock.dueAt < at.toISOString();
  return { ...clock, spent, runningSince: null, dueAt: null, breachedAt: clock.breachedAt ?? (late ? clock.dueAt : null) };
}

function stop(clock: SlaClock, at: Date, calendar: WorkingCalendar): SlaClock {
  const paused = clock.runningSince ? pause(clock, at, calendar) : clock;
  return { ...paused, stoppedAt: at.toISOString() };
}
