/** Issue 19: the reports page. Buckets are days, ISO weeks (Monday first) or months in Europe/Kyiv. */
export const REPORT_INTERVALS = ['day', 'week', 'month'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

/** What the breakdown table groups by. */
export const REPORT_GROUPS = ['category', 'agent', 'priority', 'channel', 'organisation'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** The tables a report has, each exported on its own. */
export const REPORT_TABLES = ['volume', 'breakdown', 'backlog'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export const REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The longest range a report covers, and the longest one by day (a point a day). */
export const REPORT_MAX_DAYS = 1100;
export const REPORT_MAX_DAYS_BY_DAY = 366;

/** `GET /api/staff/reports?from=&to=&interval=&groupBy=`: dates are local (Kyiv) days, both included. */
export interface ReportQuery {
  from: string;
  to: string;
  interval?: ReportInterval;
  groupBy?: ReportGroup;
}

/** One bucket: requests created and resolved in it, and open at its end. */
export interface ReportVolumePoint {
  /** The bucket's first day, YYYY-MM-DD. */
  period: string;
  created: number;
  resolved: number;
  open: number;
}

/** Working minutes (the SLA calendar's); null when nothing was measured. */
export interface ReportDuration {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface ReportFigures {
  created: number;
  resolved: number;
  /** Requests first answered in the range, in working minutes from creation to the first reply. */
  firstResponse: ReportDuration;
  /** Requests resolved in the range, in working minutes from creation to resolution. */
  resolution: ReportDuration;
  /** SLA clocks (first response and resolution) that stopped in the range, and how many of them in time. */
  slaMet: number;
  slaTotal: number;
  /** Percent, one decimal; null with no clock stopped. */
  slaMetPercent: number | null;
  /** "Was this reply helpful?" answers given in the range. */
  helpful: number;
  notHelpful: number;
  /** Issue 19: satisfaction answers (1–5 stars, after closing) given in the range. */
  satisfaction: ReportSatisfaction;
}

export interface ReportSatisfaction {
  count: number;
  /** One decimal; null with no answer. */
  average: number | null;
  /** How many answers gave 1, 2, 3, 4 and 5 stars, in that order. */
  distribution: [number, number, number, number, number];
}

export interface ReportBreakdownRow extends ReportFigures {
  /** The group's key: category or organisation id, staff id, priority, channel; null: none (no owner, no organisation). */
  key: string | null;
  label: string;
}

export const REPORT_BACKLOG_BUCKETS = ['lt1d', 'd1to3', 'd3to7', 'd7to30', 'gt30d'] as const;
export type ReportBacklogBucket = (typeof REPORT_BACKLOG_BUCKETS)[number];

/** Requests open now by how long ago they were created. */
export interface ReportBacklogRow {
  bucket: ReportBacklogBucket;
  count: number;
}

export interface ReportView {
  from: string;
  to: string;
  interval: ReportInterval;
  groupBy: ReportGroup;
  /** True for an agent: only their own requests (owner) in their categories. */
  ownOnly: boolean;
  volume: ReportVolumePoint[];
  totals: ReportFigures;
  breakdown: ReportBreakdownRow[];
  backlog: ReportBacklogRow[];
  /** When the pre-computed figures were last brought up to date (requests changed since are counted live). */
  refreshedAt: string | null;
  /**
   * True: the figures include every change up to now. False: more requests changed since `refreshedAt`
   * than a report counts live (after an import, or with the refresh job stopped), so they stand as of then;
   * or an admin changed an SLA calendar or policy and the refresh job has yet to work out again the stored
   * figures that change made wrong.
   */
  current: boolean;
}
