import { applySlaEvent, nearestDue, nextAlert, openedState, retarget, SlaEvent, SlaState, SlaTargets, withWarnings } from './sla-clocks';
import { chosenPolicy } from './sla-clocks.service';
import { WorkingCalendar } from './working-time';

const officeDay = [{ start: 9 * 60, end: 18 * 60 }];
const office: WorkingCalendar = { timeZone: 'Europe/Kyiv', week: [officeDay, officeDay, officeDay, officeDay, officeDay, [], []], daysOff: new Set() };
const targets: SlaTargets = { firstResponse: 60, nextResponse: 120, resolution: 540 };
/** Kyiv winter time (+2). */
const at = (local: string) => new Date(Date.parse(`${local}:00+02:00`));

function replay(events: SlaEvent[], policy = targets): SlaState {
  const [opened, ...rest] = events;
  return rest.reduce((state, event) => applySlaEvent(state, event, policy, office), openedState(policy, opened.at, opened.status, office));
}

describe('SLA clocks (issue 19)', () => {
  it('a request opened on Friday evening is due for its first answer on Monday morning', () => {
    const state = replay([{ type: 'opened', at: at('2026-01-16T17:30'), status: 'new' }]);
    // 30 minutes on Friday, 30 on Monday.
    expect(state.clocks.firstResponse?.dueAt).toBe(at('2026-01-19T09:30').toISOString());
    expect(nearestDue(state)).toEqual(at('2026-01-19T09:30'));
  });

  it('a staff answer meets the first response and pauses resolution while the participant has the turn; their reply resumes it and starts the next response', () => {
    const state = replay([
      { type: 'opened', at: at('2026-01-19T09:00'), status: 'new' },
      { type: 'staff_replied', at: at('2026-01-19T10:00'), status: 'replied' },
      // Paused for a day and a half: none of it counts.
      { type: 'participant_replied', at: at('2026-01-20T15:00'), status: 'waiting_reply' },
    ]);
    expect(state.clocks.firstResponse).toMatchObject({ stoppedAt: at('2026-01-19T10:00').toISOString(), breachedAt: null });
    expect(state.paused).toBe(false);
    // 60 of 540 used: 480 left from Tuesday 15:00 → 3 h Tuesday, 5 h Wednesday.
    expect(state.clocks.resolution).toMatchObject({ spent: 60, dueAt: at('2026-01-21T14:00').toISOString() });
    expect(state.clocks.nextResponse).toMatchObject({ spent: 0, dueAt: at('2026-01-20T17:00').toISOString() });
    expect(nearestDue(state)).toEqual(at('2026-01-20T17:00'));
  });

  it('on hold pauses every running clock, even the first response; a late answer is a breach at the due time', () => {
    const state = replay([
      { type: 'opened', at: at('2026-01-19T09:00'), status: 'new' },
      { type: 'status_set', at: at('2026-01-19T09:20'), status: 'on_hold' },
      { type: 'status_set', at: at('2026-01-19T12:00'), status: 'in_progress' },
      { type: 'staff_replied', at: at('2026-01-19T13:00'), status: 'replied' },
    ]);
    // 20 min, then from 12:00 the remaining 40 → due 12:40; answered at 13:00.
    expect(state.clocks.firstResponse).toMatchObject({ stoppedAt: at('2026-01-19T13:00').toISOString(), breachedAt: at('2026-01-19T12:40').toISOString() });
    expect(nearestDue(state)).toBeNull();
  });

  it('resolving stops every clock; reopening resumes resolution with the time already used', () => {
    const state = replay([
      { type: 'opened', at: at('2026-01-19T09:00'), status: 'new' },
      { type: 'status_set', at: at('2026-01-19T11:00'), status: 'resolved' },
      { type: 'participant_replied', at: at('2026-01-22T09:00'), status: 'waiting_reply' },
    ]);
    expect(state.clocks.firstResponse?.stoppedAt).toBe(at('2026-01-19T11:00').toISOString());
    expect(state.clocks.resolution).toMatchObject({ stoppedAt: null, spent: 120, dueAt: at('2026-01-22T16:00').toISOString() });
    // The first response was answered by resolving it: a reply after that is a new question.
    expect(state.clocks.nextResponse?.dueAt).toBe(at('2026-01-22T11:00').toISOString());
  });

  it('more messages from the participant before an answer keep the next-response clock that runs', () => {
    const state = replay([
      { type: 'opened', at: at('2026-01-19T09:00'), status: 'new' },
      { type: 'staff_replied', at: at('2026-01-19T09:10'), status: 'replied' },
      { type: 'participant_replied', at: at('2026-01-19T10:00'), status: 'waiting_reply' },
      { type: 'participant_replied', at: at('2026-01-19T11:00'), status: 'waiting_reply' },
    ]);
    expect(state.clocks.nextResponse?.dueAt).toBe(at('2026-01-19T12:00').toISOString());
  });

  it('new targets (another priority) keep the time used', () => {
    const state = replay([{ type: 'opened', at: at('2026-01-19T09:00'), status: 'new' }]);
    const urgent = retarget(state, { firstResponse: 15, nextResponse: 30, resolution: 120 }, office);
    expect(urgent.clocks.firstResponse?.dueAt).toBe(at('2026-01-19T09:15').toISOString());
    expect(urgent.clocks.resolution?.dueAt).toBe(at('2026-01-19T11:00').toISOString());
  });

  it('warns at the share of the target in working time, then alerts at the due time; a paused clock has nothing pending', () => {
    const opened = withWarnings(replay([{ type: 'opened', at: at('2026-01-16T17:30'), status: 'new' }]), 0.8, office);
    // 48 of the first response's 60 minutes: 30 on Friday, 18 on Monday.
    expect(opened.clocks.firstResponse?.warnAt).toBe(at('2026-01-19T09:18').toISOString());
    expect(nextAlert(opened)).toEqual(at('2026-01-19T09:18'));
    const warned = { ...opened, clocks: { ...opened.clocks, firstResponse: { ...opened.clocks.firstResponse!, warnedAt: at('2026-01-19T09:18').toISOString() } } };
    expect(nextAlert(warned)).toEqual(at('2026-01-19T09:30'));
    const paused = withWarnings(applySlaEvent(opened, { type: 'status_set', at: at('2026-01-19T09:00'), status: 'on_hold' }, targets, office), 0.8, office);
    expect(nextAlert(paused)).toBeNull();
  });

  it('the most specific policy wins: category and priority, category, priority, default', () => {
    const policies = [
      { id: 1, categoryId: null, priority: null },
      { id: 2, categoryId: null, priority: 'high' as const },
      { id: 3, categoryId: 5, priority: null },
      { id: 4, categoryId: 5, priority: 'high' as const },
    ];
    expect(chosenPolicy(policies, 5, 'high')?.id).toBe(4);
    expect(chosenPolicy(policies, 5, 'low')?.id).toBe(3);
    expect(chosenPolicy(policies, 6, 'high')?.id).toBe(2);
    expect(chosenPolicy(policies, 6, 'low')?.id).toBe(1);
    expect(chosenPolicy([], 6, 'low')).toBeNull();
  });
});
