import { Injectable } from '@nestjs/common';
import type { SlaClockName, TicketPriority, TicketSlaView, TicketStatus } from '@pidtrymka/contracts';
import { SLA_CLOCKS } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { workingCalendar } from './sla-calendar';
import { applySlaEvent, nearestDue, nextAlert, openedState, retarget, SlaEvent, SlaState, SlaTargets, withWarnings } from './sla-clocks';
import type { SlaPolicyEntity } from './sla-policy.entity';
import { SlaRepository } from './sla.repository';
import type { WorkingCalendar } from './working-time';

interface SlaConfig {
  policies: SlaPolicyEntity[];
  calendars: Map<number, WorkingCalendar>;
  loadedAt: number;
}

/** A request's policy and clocks as the statement that opens it writes them (TicketsRepository.open). */
export interface PlannedSla {
  policyId: number;
  state: SlaState;
  dueAt: string | null;
  alertAt: string | null;
}

/** `PlannedSla` for each category a policy names (by id, as text) and for every other (`*`): the statement picks by the request's category. */
export type PlannedSlaByCategory = Record<string, PlannedSla>;

/** The request, as far as its policy goes. */
export interface SlaTicket {
  id: string;
  categoryId: number;
  priority: TicketPriority;
  createdAt?: Date;
}

/**
 * The SLA clocks of requests (issue 19), kept in the transaction of every
 * change TicketLifecycle applies. Policies and calendars are few and read on
 * every new request, so they are kept in memory for SLA_CONFIG_CACHE_SECONDS;
 * an admin's change here drops them at once, on another instance within
 * that time.
 */
@Injectable()
export class SlaClocks {
  private cached: SlaConfig | null = null;

  constructor(
    private readonly repository: SlaRepository,
    private readonly config: AppConfig,
  ) {}

  forget(): void {
    this.cached = null;
  }

  /** For the statement that opens a request at about `at`, in its first status with the default priority. */
  async planOpened(at: Date, status: TicketStatus, priority: TicketPriority = 'medium'): Promise<PlannedSlaByCategory> {
    const config = await this.load();
    const planned: PlannedSlaByCategory = {};
    const categories = new Set(config.policies.map((policy) => policy.categoryId).filter((id): id is number => id !== null));
    const plan = (categoryId: number | null): PlannedSla | null => {
      const policy = chosenPolicy(config.policies, categoryId, priority);
      if (!policy) return null;
      const calendar = config.calendars.get(policy.calendarId)!;
      const state = this.warned(openedState(targetsOf(policy), at, status, calendar), calendar);
      return { policyId: policy.id, state, dueAt: nearestDue(state)?.toISOString() ?? null, alertAt: nextAlert(state)?.toISOString() ?? null };
    };
    for (const categoryId of categories) {
      const entry = plan(categoryId);
      if (entry) planned[String(categoryId)] = entry;
    }
    const fallback = plan(null);
    if (fallback) planned['*'] = fallback;
    return planned;
  }

  /** What `event` does to the request's clocks, written in the caller's transaction. */
  async apply(manager: EntityManager, ticket: SlaTicket, event: SlaEvent): Promise<void> {
    const config = await this.load();
    const policy = chosenPolicy(config.policies, ticket.categoryId, ticket.priority);
    if (!policy) return;
    const calendar = config.calendars.get(policy.calendarId)!;
    const stored = await this.repository.findState(manager, ticket.id);
    // A request older than SLA, or one whose policy went: its clocks start now.
    const before = stored ? retarget(stored.state, targetsOf(policy), calendar) : openedState(targetsOf(policy), event.at, 'new', calendar);
    const state = this.warned(applySlaEvent(before, event, targetsOf(policy), calendar), calendar);
    await this.write(manager, ticket.id, policy.id, state);
  }

  /** A new category or priority may mean another policy: the clocks go on with its targets. */
  async reconsider(manager: EntityManager, ticket: SlaTicket): Promise<void> {
    const config = await this.load();
    const policy = chosenPolicy(config.policies, ticket.categoryId, ticket.priority);
    const stored = await this.repository.findState(manager, ticket.id);
    if (!policy || !stored || stored.policyId === policy.id) return;
    const calendar = config.calendars.get(policy.calendarId)!;
    const state = this.warned(retarget(stored.state, targetsOf(policy), calendar), calendar);
    await this.write(manager, ticket.id, policy.id, state);
  }

  /** The clocks, the request's nearest due time and the next alert, in the caller's transaction. */
  async write(manager: EntityManager, ticketId: string, policyId: number | null, state: SlaState): Promise<void> {
    await this.repository.writeState(manager, ticketId, policyId, state, nearestDue(state), nextAlert(state));
  }

  /** The calendar of a policy, for the escalation job's clock names and due times. */
  async calendarOf(policyId: number | null): Promise<WorkingCalendar | null> {
    const config = await this.load();
    const policy = config.policies.find((candidate) => candidate.id === policyId);
    return policy ? (config.calendars.get(policy.calendarId) ?? null) : null;
  }

  /** The calendar of the policy a request of this category and priority falls under (reports count its working time by it). */
  async calendarFor(categoryId: number, priority: TicketPriority): Promise<WorkingCalendar | null> {
    return calendarChosen(await this.load(), categoryId, priority);
  }

  /** `calendarFor` from the policies and calendars as committed now, not the cached copy another instance's admin change may have outdated. */
  async currentCalendars(): Promise<(categoryId: number, priority: TicketPriority) => WorkingCalendar | null> {
    this.forget();
    const config = await this.load();
    return (categoryId, priority) => calendarChosen(config, categoryId, priority);
  }

  private warned(state: SlaState, calendar: WorkingCalendar): SlaState {
    return withWarnings(state, this.config.slaWarnAtPercent / 100, calendar);
  }

  async view(ticketId: string): Promise<TicketSlaView | null> {
    const stored = await this.repository.findTicketState(ticketId);
    if (!stored) return null;
    const clocks = SLA_CLOCKS.flatMap((name: SlaClockName) => {
      const clock = stored.state.clocks[name];
      return clock ? [{ name, dueAt: clock.dueAt, stoppedAt: clock.stoppedAt, breachedAt: clock.breachedAt }] : [];
    });
    return { dueAt: nearestDue(stored.state)?.toISOString() ?? null, paused: stored.state.paused, clocks };
  }

  private async load(): Promise<SlaConfig> {
    const ttl = this.config.slaConfigCacheSeconds * 1000;
    if (this.cached && Date.now() - this.cached.loadedAt < ttl) return this.cached;
    const [policies, calendars] = await Promise.all([this.repository.listPolicies(), this.repository.listCalendars()]);
    this.cached = { policies, calendars: new Map(calendars.map((calendar) => [calendar.id, workingCalendar(calendar)])), loadedAt: Date.now() };
    return this.cached;
  }
}

/** The most specific policy: category and priority, then category, then priority, then the default. */
export function chosenPolicy<P extends Pick<SlaPolicyEntity, 'categoryId' | 'priority'>>(policies: readonly P[], categoryId: number | null, priority: TicketPriority): P | null {
  const rank = (policy: P) => (policy.categoryId !== null ? 2 : 0) + (policy.priority !== null ? 1 : 0);
  const fits = policies.filter((policy) => (policy.categoryId === null || policy.categoryId === categoryId) && (policy.priority === null || policy.priority === priority));
  return fits.sort((a, b) => rank(b) - rank(a))[0] ?? null;
}

function calendarChosen(config: SlaConfig, categoryId: number, priority: TicketPriority): WorkingCalendar | null {
  const policy = chosenPolicy(config.policies, categoryId, priority);
  return policy ? (config.calendars.get(policy.calendarId) ?? null) : null;
}

function targetsOf(policy: SlaPolicyEntity): SlaTargets {
  return { firstResponse: policy.firstResponseMinutes, nextResponse: policy.nextResponseMinutes, resolution: policy.resolutionMinutes };
}

