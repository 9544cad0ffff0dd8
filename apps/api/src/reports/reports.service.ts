import { HttpStatus, Injectable } from '@nestjs/common';
import {
  Locale,
  REPORT_BACKLOG_BUCKETS,
  REPORT_FORMATS,
  REPORT_GROUPS,
  REPORT_INTERVALS,
  REPORT_MAX_DAYS,
  REPORT_MAX_DAYS_BY_DAY,
  REPORT_TABLES,
  ReportBreakdownRow,
  ReportDuration,
  ReportFigures,
  ReportGroup,
  ReportInterval,
  ReportSatisfaction,
  ReportTable,
  ReportView,
  ReportVolumePoint,
} from '@pidtrymka/contracts';
import { stringify } from 'csv-stringify/sync';
import { visibleCategories } from '../auth/staff-principal';
import type { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { zoneOffset } from '../sla/working-time';
import { ReportFacts } from './report-facts.service';
import { FiguresRow, RatingsRow, REPORT_TIME_ZONE, ReportRange, ReportScope, ReportsRepository, SatisfactionRow } from './reports.repository';

const DAY = 86_400_000;

/**
 * Past this many days a report's totals are worked out apart from its groups, on its other connection: the two
 * sorts then run at once, for one more pass over the range's rows. Figures query by agent on the bench's million
 * requests, wall / CPU of PostgreSQL's processes, together against apart (groups beside totals):
 * a year 377 / 375 against 315 + 235 / 555 ms (no faster once the second connection's other queries are added,
 * and half again the CPU); 550 days 480 / 660 against 390 + 295 / 890; two years 645 / 900 against 470 + 355 / 1,110;
 * three years 855 / 1,150 against 630 + 470 / 1,370.
 */
export const TOTALS_APART_AFTER_DAYS = 550;

export interface ReportParams {
  from?: string;
  to?: string;
  interval?: string;
  groupBy?: string;
}

export interface ReportFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Issue 19: reports for admins (everything) and agents (their own requests in their categories). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly facts: ReportFacts,
  ) {}

  async report(staff: StaffPrincipal, params: ReportParams, locale: Locale): Promise<ReportView> {
    const from = localDate('from', params.from);
    const to = localDate('to', params.to);
    const interval = oneOf('interval', params.interval ?? 'day', REPORT_INTERVALS);
    const groupBy = oneOf('groupBy', params.groupBy ?? 'category', REPORT_GROUPS);
    const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
    if (days < 1) throw new ApiException(HttpStatus.BAD_REQUEST, 'report_range_reversed', { from, to });
    const max = interval === 'day' ? REPORT_MAX_DAYS_BY_DAY : REPORT_MAX_DAYS;
    if (days > max) throw new ApiException(HttpStatus.BAD_REQUEST, interval === 'day' ? 'report_range_too_long_by_day' : 'report_range_too_long', { max });

    const range: ReportRange = { from: new Date(kyivMidnight(from)), to: new Date(kyivMidnight(addDays(to, 1))) };
    const categories = visibleCategories(staff);
    const scope: ReportScope | null = categories === null ? null : { ownerId: staff.id, categoryIds: categories };
    const { live, refreshedAt, current } = await this.facts.live();
    // Two connections, no more: the figures (most of a long range's time) beside the rest, one after another. PostgreSQL
    // runs the two on two cores; more at once would only take connections the request path needs. Over a long range the
    // totals' figures go to the second connection too (see ReportsRepository.figures).
    const totalsApart = days > TOTALS_APART_AFTER_DAYS;
    const [groupFigures, { totals, volumeRows, openAtStart, ratings, satisfaction, backlogRows }] = await Promise.all([
      this.repository.figures(range, groupBy, scope, live, totalsApart ? 'apart' : 'with'),
      (async () => ({
        totals: totalsApart ? await this.repository.figures(range, null, scope, live) : [],
        volumeRows: await this.repository.volume(range, interval, scope, live),
        openAtStart: await this.repository.openAtStart(range, scope, live),
        ratings: await this.repository.ratings(range, groupBy, scope),
        satisfaction: await this.repository.satisfaction(range, groupBy, scope),
        backlogRows: await this.repository.backlog(scope, live),
      }))(),
    ]);

    const counts = new Map(volumeRows.map((row) => [`${row.kind}:${row.period}`, row.count]));
    let open = openAtStart;
    const volume: ReportVolumePoint[] = periods(from, to, interval).map((period) => {
      const created = counts.get(`created:${period}`) ?? 0;
      const resolved = counts.get(`resolved:${period}`) ?? 0;
      open += created - resolved;
      return { period, created, resolved, open };
    });

    const byKey = new Map<string | null, { figures?: FiguresRow; ratings?: RatingsRow; satisfaction?: SatisfactionRow }>();
    let totalFigures: FiguresRow | undefined;
    let totalRatings: RatingsRow | undefined;
    let totalSatisfaction: SatisfactionRow | undefined;
    for (const row of [...groupFigures, ...totals]) {
      if (row.is_total) totalFigures = row;
      else byKey.set(row.key, { ...byKey.get(row.key), figures: row });
    }
    for (const row of ratings) {
      if (row.is_total) totalRatings = row;
      else byKey.set(row.key, { ...byKey.get(row.key), ratings: row });
    }
    for (const row of satisfaction) {
      if (row.is_total) totalSatisfaction = row;
      else byKey.set(row.key, { ...byKey.get(row.key), satisfaction: row });
    }
    const keys = [...byKey.keys()].filter((key): key is string => key !== null);
    const labels = await this.repository.labels(groupBy, keys, locale);
    const breakdown: ReportBreakdownRow[] = [...byKey.entries()]
      .map(([key, row]) => ({ key, label: labelOf(groupBy, key, labels, locale), ...figuresOf(row.figures, row.ratings, row.satisfaction) }))
      .sort((a, b) => b.created - a.created || a.label.localeCompare(b.label, locale));
    const backlogCounts = new Map(backlogRows.map((row) => [row.bucket, row.count]));
    return {
      from,
      to,
      interval,
      groupBy,
      ownOnly: scope !== null,
      volume,
      totals: figuresOf(totalFigures, totalRatings, totalSatisfaction),
      breakdown,
      backlog: REPORT_BACKLOG_BUCKETS.map((bucket) => ({ bucket, count: backlogCounts.get(bucket) ?? 0 })),
      refreshedAt,
      current,
    };
  }

  /** One table of the report as a CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic) or XLSX file. */
  async export(staff: StaffPrincipal, params: ReportParams & { table?: string; format?: string }, locale: Locale): Promise<ReportFile> {
    const table = oneOf('table', params.table ?? 'volume', REPORT_TABLES);
    const format = oneOf('format', params.format ?? 'csv', REPORT_FORMATS);
    const report = await this.report(staff, params, locale);
    const rows = tableOf(report, table, locale);
    const filename = `report-${table}-${report.from}-${report.to}.${format}`;
    if (format === 'csv') return { filename, contentType: 'text/csv; charset=utf-8', content: Buffer.from('\uFEFF' + stringify(rows), 'utf8') };
    return { filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: await xlsxOf(rows, TITLES[locale][table]) };
  }
}

async function xlsxOf(rows: (string | number | null)[][], sheetName: string): Promise<Buffer> {
  // Loaded on the first XLSX export, not at start: exceljs is large, and most instances never export one.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type Cell = string | number | null;

const TITLES: Record<Locale, Record<ReportTable, string>> = {
  uk: { volume: 'Кількість', breakdown: 'Розподіл', backlog: 'Відкриті' },
  en: { volume: 'Volume', breakdown: 'Breakdown', backlog: 'Backlog' },
};

const HEADERS: Record<Locale, Record<ReportTable, string[]>> = {
  uk: {
    volume: ['Період', 'Створено', 'Вирішено', 'Відкрито на кінець'],
    breakdown: ['Група', 'Створено', 'Вирішено', 'Перша відповідь: запитів', 'Перша відповідь: медіана, хв', 'Перша відповідь: 90-й перцентиль, хв', 'Вирішення: запитів', 'Вирішення: медіана, хв', 'Вирішення: 90-й перцентиль, хв', 'SLA дотримано', 'SLA усього', 'SLA дотримано, %', 'Корисно', 'Не корисно', 'Оцінок задоволеності', 'Задоволеність: середня', '1 зірка', '2 зірки', '3 зірки', '4 зірки', '5 зірок'],
    backlog: ['Вік', 'Відкритих запитів'],
  },
  en: {
    volume: ['Period', 'Created', 'Resolved', 'Open at end'],
    breakdown: ['Group', 'Created', 'Resolved', 'First response: requests', 'First response: median, min', 'First response: 90th percentile, min', 'Resolution: requests', 'Resolution: median, min', 'Resolution: 90th percentile, min', 'SLA met', 'SLA total', 'SLA met, %', 'Helpful', 'Not helpful', 'Satisfaction answers', 'Satisfaction: average', '1 star', '2 stars', '3 stars', '4 stars', '5 stars'],
    backlog: ['Age', 'Open requests'],
  },
};

const BACKLOG_NAMES: Record<Locale, Record<string, string>> = {
  uk: { lt1d: 'до 1 дня', d1to3: '1–3 дні', d3to7: '3–7 днів', d7to30: '7–30 днів', gt30d: 'понад 30 днів' },
  en: { lt1d: 'under 1 day', d1to3: '1–3 days', d3to7: '3–7 days', d7to30: '7–30 days', gt30d: 'over 30 days' },
};

const TOTAL: Record<Locale, string> = { uk: 'Усього', en: 'Total' };

function tableOf(report: ReportView, table: ReportTable, locale: Locale): Cell[][] {
  const header = HEADERS[locale][table];
  switch (table) {
    case 'volume':
      return [header, ...report.volume.map((point) => [point.period, point.created, point.resolved, point.open])];
    case 'breakdown': {
      const line = (label: string, f: ReportFigures): Cell[] => [
        label, f.created, f.resolved,
        f.firstResponse.count, f.firstResponse.median, f.firstResponse.p90,
        f.resolution.count, f.resolution.median, f.resolution.p90,
        f.slaMet, f.slaTotal, f.slaMetPercent, f.helpful, f.notHelpful,
        f.satisfaction.count, f.satisfaction.average, ...f.satisfaction.distribution,
      ];
      return [header, ...report.breakdown.map((row) => line(row.label, row)), line(TOTAL[locale], report.totals)];
    }
    default:
      return [header, ...report.backlog.map((row) => [BACKLOG_NAMES[locale][row.bucket], row.count])];
  }
}

const NONE: Record<ReportGroup, Record<Locale, string>> = {
  category: { uk: '—', en: '—' },
  agent: { uk: 'Без виконавця', en: 'Unassigned' },
  priority: { uk: '—', en: '—' },
  channel: { uk: '—', en: '—' },
  organisation: { uk: 'Без організації', en: 'No organisation' },
};

const CODES: Record<Locale, Record<string, string>> = {
  uk: { critical: 'Критичний', high: 'Високий', medium: 'Середній', low: 'Низький', web: 'Сайт', email: 'Ел. пошта' },
  en: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', web: 'Site', email: 'E-mail' },
};

function labelOf(groupBy: ReportGroup, key: string | null, labels: Map<string, string>, locale: Locale): string {
  if (key === null) return NONE[groupBy][locale];
  if (groupBy === 'priority' || groupBy === 'channel') return CODES[locale][key] ?? key;
  // A deleted account or organisation keeps its figures under its id.
  return labels.get(key) ?? `#${key.slice(0, 8)}`;
}

function duration(count: number | undefined, percentiles: [number, number] | null | undefined): ReportDuration {
  const round = (value: number | undefined) => (value === undefined ? null : Math.round(Number(value) * 10) / 10);
  return { count: count ?? 0, median: round(percentiles?.[0]), p90: round(percentiles?.[1]) };
}

function satisfactionOf(row: SatisfactionRow | undefined): ReportSatisfaction {
  if (!row || row.count === 0) return { count: 0, average: null, distribution: [0, 0, 0, 0, 0] };
  const [one, two, three, four, five] = row.distribution;
  return { count: row.count, average: Math.round((row.total_stars / row.count) * 10) / 10, distribution: [one, two, three, four, five] };
}

function figuresOf(figures: FiguresRow | undefined, ratings: RatingsRow | undefined, satisfaction: SatisfactionRow | undefined): ReportFigures {
  const met = figures?.sla_met ?? 0;
  const total = figures?.sla_total ?? 0;
  return {
    created: figures?.created ?? 0,
    resolved: figures?.resolved ?? 0,
    firstResponse: duration(figures?.fr_count, figures?.fr_percentiles),
    resolution: duration(figures?.res_count, figures?.res_percentiles),
    slaMet: met,
    slaTotal: total,
    slaMetPercent: total === 0 ? null : Math.round((met / total) * 1000) / 10,
    helpful: ratings?.helpful ?? 0,
    notHelpful: ratings?.not_helpful ?? 0,
    satisfaction: satisfactionOf(satisfaction),
  };
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ApiException(HttpStatus.BAD_REQUEST, 'report_invalid_option', { field, value: String(value).slice(0, 40), allowed: allowed.join(', ') });
}

function localDate(field: string, value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '2000-01-01' && value <= '2100-12-31') return value;
  }
  throw new ApiException(HttpStatus.BAD_REQUEST, 'report_invalid_date', { field, value: String(value ?? '').slice(0, 40) });
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The instant a local date begins in Kyiv (the offset asked twice: it can differ on either side of a change). */
export function kyivMidnight(date: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  const guess = wall - zoneOffset(wall, REPORT_TIME_ZONE);
  return wall - zoneOffset(guess, REPORT_TIME_ZONE);
}

/** Each bucket's first day, as PostgreSQL's date_trunc names it (ISO weeks start on Monday). */
export function periods(from: string, to: string, interval: ReportInterval): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (interval === 'month') start.setUTCDate(1);
  const out: string[] = [];
  for (const at = start; at.toISOString().slice(0, 10) <= to; ) {
    out.push(at.toISOString().slice(0, 10));
    if (interval === 'day') at.setUTCDate(at.getUTCDate() + 1);
    else if (interval === 'week') at.setUTCDate(at.getUTCDate() + 7);
    else at.setUTCMonth(at.getUTCMonth() + 1);
  }
  return out;
}
