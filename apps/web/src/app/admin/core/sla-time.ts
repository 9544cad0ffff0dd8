import type { Locale, SlaHours, TicketStatus } from '@pidtrymka/contracts';

const UNITS: Record<Locale, { day: string; hour: string; minute: string }> = {
  uk: { day: 'д', hour: 'год', minute: 'хв' },
  en: { day: 'd', hour: 'h', minute: 'min' },
};

/** "1 д 3 год", "2 год 5 хв", "45 хв": the two largest units, in calendar time, never less than a minute. */
export function shortDuration(milliseconds: number, locale: Locale): string {
  const minutes = Math.max(1, Math.floor(Math.abs(milliseconds) / 60_000));
  const units = UNITS[locale];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${units.day} ${hours} ${units.hour}` : `${days} ${units.day}`;
  if (hours > 0) return rest > 0 ? `${hours} ${units.hour} ${rest} ${units.minute}` : `${hours} ${units.hour}`;
  return `${rest} ${units.minute}`;
}

/** Issue 19: what the queue shows of a request's SLA: time left, overdue, paused (the participant's turn) or nothing. */
export type SlaState = { kind: 'left' | 'overdue'; milliseconds: number } | { kind: 'paused' } | { kind: 'none' };

const WAITING_FOR_PARTICIPANT: readonly TicketStatus[] = ['replied', 'on_hold'];

export function slaState(item: { slaDueAt: string | null; status: TicketStatus }, now: number): SlaState {
  if (item.slaDueAt) {
    const milliseconds = new Date(item.slaDueAt).getTime() - now;
    return milliseconds < 0 ? { kind: 'overdue', milliseconds: -milliseconds } : { kind: 'left', milliseconds };
  }
  return WAITING_FOR_PARTICIPANT.includes(item.status) ? { kind: 'paused' } : { kind: 'none' };
}

/** "09:00-13:00, 14:00-18:00" ↔ intervals; null when the text is not that shape (the API judges the times themselves). */
export function parseDayHours(text: string): SlaHours[] | null {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  const hours: SlaHours[] = [];
  for (const part of parts) {
    const match = /^(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$/.exec(part);
    if (!match) return null;
    hours.push({ start: match[1], end: match[2] });
  }
  return hours;
}

export function dayHoursText(hours: readonly SlaHours[]): string {
  return hours.map((h) => `${h.start}-${h.end}`).join(', ');
}

/** "2026-01-07, 2026-05-02" → dates; null when one is not YYYY-MM-DD. */
export function parseDays(text: string): string[] | null {
  const days = text.split(/[,\s]+/).filter((day) => day.length > 0);
  return days.every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day)) ? days : null;
}
