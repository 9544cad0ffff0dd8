import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { REPORT_GROUPS, REPORT_INTERVALS, type ReportDuration, type ReportGroup, type ReportSatisfaction, type ReportInterval, type ReportTable, type ReportView } from '@pidtrymka/contracts';
import type { Chart, ChartConfiguration } from 'chart.js';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffApi } from '../core/staff-api.service';

const DAY = 86_400_000;

/** Today in Kyiv, as the API counts days. */
function kyivToday(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * DAY));
}

/**
 * chart.js is loaded here, on first use, so it is a chunk of its own that only this page asks for:
 * the portal's bundle never carries it.
 */
let chartModule: Promise<typeof import('chart.js')> | null = null;
function loadCharts(): Promise<typeof import('chart.js')> {
  chartModule ??= import('chart.js').then((module) => {
    module.Chart.register(...module.registerables);
    return module;
  });
  return chartModule;
}

/**
 * Issue 19: reports. Each chart is drawn from the same figures as the table under it; the table is
 * the accessible version (the canvas is an image named after it), and each table exports as CSV or XLSX.
 * An agent's report covers their own requests in their categories (the API decides; the page says so).
 */
@Component({
  selector: 'app-reports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput, MatSelect, MatOption],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('reports.title') }}</h1>
      <form class="filters" (submit)="$event.preventDefault(); apply()" data-testid="reports-form">
        <mat-form-field>
          <mat-label>{{ i18n.t('reports.from') }}</mat-label>
          <input matInput type="date" [value]="from()" (change)="from.set($any($event.target).value)" data-testid="reports-from" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ i18n.t('reports.to') }}</mat-label>
          <input matInput type="date" [value]="to()" (change)="to.set($any($event.target).value)" data-testid="reports-to" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ i18n.t('reports.interval') }}</mat-label>
          <mat-select [value]="interval()" (valueChange)="interval.set($event)" data-testid="reports-interval">
            @for (i of intervals; track i) { <mat-option [value]="i">{{ i18n.tFor('reports.interval', i) }}</mat-option> }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ i18n.t('reports.groupBy') }}</mat-label>
          <mat-select [value]="groupBy()" (valueChange)="groupBy.set($event)" data-testid="reports-group">
            @for (g of groups; track g) { <mat-option [value]="g">{{ i18n.tFor('reports.group', g) }}</mat-option> }
          </mat-select>
        </mat-form-field>
        <button matButton="filled" type="submit" data-testid="reports-apply">{{ i18n.t('reports.show') }}</button>
      </form>

      <div class="live" role="status">{{ status() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }

      @if (report(); as r) {
        @if (r.ownOnly) { <p class="muted">{{ i18n.t('reports.ownOnly') }}</p> }
        @if (!r.current && r.refreshedAt) {
          <p class="info" data-testid="reports-as-of">{{ i18n.t('reports.asOf', { time: i18n.formatDateTime(r.refreshedAt) }) }}</p>
        }

        <section class="totals" aria-labelledby="totals-title">
          <h2 id="totals-title">{{ i18n.t('reports.totals') }}</h2>
          <dl>
            <div><dt>{{ i18n.t('reports.created') }}</dt><dd data-testid="reports-total-created">{{ r.totals.created }}</dd></div>
            <div><dt>{{ i18n.t('reports.resolved') }}</dt><dd>{{ r.totals.resolved }}</dd></div>
            <div><dt>{{ i18n.t('reports.firstResponse') }}</dt><dd>{{ durationText(r.totals.firstResponse) }}</dd></div>
            <div><dt>{{ i18n.t('reports.resolution') }}</dt><dd>{{ durationText(r.totals.resolution) }}</dd></div>
            <div><dt>{{ i18n.t('reports.slaMet') }}</dt><dd>{{ percentText(r.totals.slaMetPercent) }}</dd></div>
            <div><dt>{{ i18n.t('reports.ratings') }}</dt><dd>{{ i18n.t('reports.ratingsText', { helpful: r.totals.helpful, notHelpful: r.totals.notHelpful }) }}</dd></div>
            <div><dt>{{ i18n.t('reports.satisfaction') }}</dt><dd data-testid="reports-total-satisfaction">{{ satisfactionText(r.totals.satisfaction) }}</dd></div>
            @if (r.totals.satisfaction.count) {
              <div><dt>{{ i18n.t('reports.satisfactionDistribution') }}</dt><dd data-testid="reports-total-satisfaction-distribution">{{ distributionText(r.totals.satisfaction) }}</dd></div>
            }
          </dl>
          <p class="muted small">{{ i18n.t('reports.timesNote') }}</p>
        </section>

        <section aria-labelledby="volume-title">
          <h2 id="volume-title">{{ i18n.t('reports.volume') }}</h2>
          <div class="chart"><canvas #volumeChart role="img" [attr.aria-label]="i18n.t('reports.chartOf', { name: i18n.t('reports.volume') })" data-testid="reports-volume-chart"></canvas></div>
          <div class="exports">@for (f of formats; track f) { <a matButton [href]="exportUrl('volume', f)" download [attr.data-testid]="'reports-export-volume-' + f">{{ i18n.tFor('reports.export', f) }}</a> }</div>
          <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="i18n.t('reports.volume')">
            <table data-testid="reports-volume-table">
              <caption>{{ i18n.t('reports.volume') }}</caption>
              <thead><tr><th scope="col">{{ i18n.t('reports.period') }}</th><th scope="col">{{ i18n.t('reports.created') }}</th><th scope="col">{{ i18n.t('reports.resolved') }}</th><th scope="col">{{ i18n.t('reports.open') }}</th></tr></thead>
              <tbody>
                @for (p of r.volume; track p.period) { <tr><th scope="row">{{ p.period }}</th><td>{{ p.created }}</td><td>{{ p.resolved }}</td><td>{{ p.open }}</td></tr> }
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">{{ i18n.t('reports.breakdown', { group: i18n.tFor('reports.group', r.groupBy) }) }}</h2>
          <div class="chart"><canvas #breakdownChart role="img" [attr.aria-label]="i18n.t('reports.chartOf', { name: i18n.t('reports.breakdown', { group: i18n.tFor('reports.group', r.groupBy) }) })" data-testid="reports-breakdown-chart"></canvas></div>
          <div class="exports">@for (f of formats; track f) { <a matButton [href]="exportUrl('breakdown', f)" download [attr.data-testid]="'reports-export-breakdown-' + f">{{ i18n.tFor('reports.export', f) }}</a> }</div>
          <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="i18n.t('reports.breakdown', { group: i18n.tFor('reports.group', r.groupBy) })">
            <table data-testid="reports-breakdown-table">
              <caption>{{ i18n.t('reports.breakdown', { group: i18n.tFor('reports.group', r.groupBy) }) }}</caption>
              <thead>
                <tr>
                  <th scope="col">{{ i18n.tFor('reports.group', r.groupBy) }}</th>
                  <th scope="col">{{ i18n.t('reports.created') }}</th>
                  <th scope="col">{{ i18n.t('reports.resolved') }}</th>
                  <th scope="col">{{ i18n.t('reports.firstResponse') }}</th>
                  <th scope="col">{{ i18n.t('reports.resolution') }}</th>
                  <th scope="col">{{ i18n.t('reports.slaMet') }}</th>
                  <th scope="col">{{ i18n.t('reports.helpful') }}</th>
                  <th scope="col">{{ i18n.t('reports.notHelpful') }}</th>
                  <th scope="col">{{ i18n.t('reports.satisfaction') }}</th>
                  <th scope="col">{{ i18n.t('reports.satisfactionDistribution') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (row of r.breakdown; track row.key) {
                  <tr>
                    <th scope="row">{{ row.label }}</th><td>{{ row.created }}</td><td>{{ row.resolved }}</td>
                    <td>{{ durationText(row.firstResponse) }}</td><td>{{ durationText(row.resolution) }}</td>
                    <td>{{ percentText(row.slaMetPercent) }}</td><td>{{ row.helpful }}</td><td>{{ row.notHelpful }}</td>
                    <td>{{ satisfactionText(row.satisfaction) }}</td><td>{{ row.satisfaction.count ? distributionText(row.satisfaction) : '—' }}</td>
                  </tr>
                } @empty {
                  <tr><td colspan="10">{{ i18n.t('reports.nothing') }}</td></tr>
                }
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="backlog-title">
          <h2 id="backlog-title">{{ i18n.t('reports.backlog') }}</h2>
          <div class="chart small-chart"><canvas #backlogChart role="img" [attr.aria-label]="i18n.t('reports.chartOf', { name: i18n.t('reports.backlog') })" data-testid="reports-backlog-chart"></canvas></div>
          <div class="exports">@for (f of formats; track f) { <a matButton [href]="exportUrl('backlog', f)" download [attr.data-testid]="'reports-export-backlog-' + f">{{ i18n.tFor('reports.export', f) }}</a> }</div>
          <table data-testid="reports-backlog-table">
            <caption>{{ i18n.t('reports.backlog') }}</caption>
            <thead><tr><th scope="col">{{ i18n.t('reports.age') }}</th><th scope="col">{{ i18n.t('reports.openNow') }}</th></tr></thead>
            <tbody>
              @for (b of r.backlog; track b.bucket) { <tr><th scope="row">{{ i18n.tFor('reports.bucket', b.bucket) }}</th><td>{{ b.count }}</td></tr> }
            </tbody>
          </table>
        </section>
      }
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: baseline; }
    .totals dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 0; }
    .totals dl div { background: var(--mat-sys-surface-container); border-radius: 8px; padding: 8px 12px; }
    .totals dt { font-size: 13px; color: var(--mat-sys-on-surface-variant); }
    .totals dd { margin: 4px 0 0; font-size: 20px; }
    section { margin-top: 24px; }
    .chart { position: relative; height: 280px; max-width: 1000px; }
    .small-chart { height: 200px; max-width: 600px; }
    .exports { display: flex; gap: 8px; margin: 8px 0; }
    .table-wrap { max-height: 360px; overflow: auto; }
    table { border-collapse: collapse; min-width: 320px; }
    caption { text-align: left; font-weight: 500; padding: 4px 0; }
    th, td { padding: 4px 10px; border-bottom: 1px solid var(--mat-sys-outline-variant); text-align: right; }
    th[scope='row'], thead th:first-child { text-align: left; }
  `,
})
export class ReportsPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);

  protected readonly intervals = REPORT_INTERVALS;
  protected readonly groups = REPORT_GROUPS;
  protected readonly formats = ['csv', 'xlsx'] as const;

  protected readonly from = signal(kyivToday(-29));
  protected readonly to = signal(kyivToday());
  protected readonly interval = signal<ReportInterval>('day');
  protected readonly groupBy = signal<ReportGroup>('category');
  /** What is shown: the form's values as of the last "Show" (and the language, whose names the API gives). */
  private readonly query = signal({ from: this.from(), to: this.to(), interval: this.interval(), groupBy: this.groupBy() });

  private readonly resource = rxResource({ params: () => ({ ...this.query(), locale: this.i18n.locale() }), stream: ({ params }) => this.api.report(params) });
  protected readonly report = computed<ReportView | undefined>(() => (this.resource.hasValue() ? this.resource.value() : undefined));
  protected readonly error = computed(() => (this.resource.error() ? errorText(this.resource.error(), this.i18n) : null));
  protected readonly status = computed(() => (this.resource.isLoading() ? this.i18n.t('reports.loading') : ''));

  private readonly volumeCanvas = viewChild<ElementRef<HTMLCanvasElement>>('volumeChart');
  private readonly breakdownCanvas = viewChild<ElementRef<HTMLCanvasElement>>('breakdownChart');
  private readonly backlogCanvas = viewChild<ElementRef<HTMLCanvasElement>>('backlogChart');
  private readonly charts = new Map<string, Chart>();

  constructor() {
    effect(() => {
      const report = this.report();
      const canvases = { volume: this.volumeCanvas(), breakdown: this.breakdownCanvas(), backlog: this.backlogCanvas() };
      if (!report || !canvases.volume || !canvases.breakdown || !canvases.backlog) return;
      const t = (key: Parameters<I18n['t']>[0]) => this.i18n.t(key);
      void this.draw('volume', canvases.volume.nativeElement, {
        type: 'bar',
        data: {
          labels: report.volume.map((p) => p.period),
          datasets: [
            { label: t('reports.created'), data: report.volume.map((p) => p.created) },
            { label: t('reports.resolved'), data: report.volume.map((p) => p.resolved) },
            { type: 'line', label: t('reports.open'), data: report.volume.map((p) => p.open) },
          ],
        },
      });
      void this.draw('breakdown', canvases.breakdown.nativeElement, {
        type: 'bar',
        data: {
          labels: report.breakdown.map((row) => row.label),
          datasets: [
            { label: t('reports.created'), data: report.breakdown.map((row) => row.created) },
            { label: t('reports.resolved'), data: report.breakdown.map((row) => row.resolved) },
          ],
        },
      });
      void this.draw('backlog', canvases.backlog.nativeElement, {
        type: 'bar',
        data: { labels: report.backlog.map((b) => this.i18n.tFor('reports.bucket', b.bucket)), datasets: [{ label: t('reports.openNow'), data: report.backlog.map((b) => b.count) }] },
        options: { plugins: { legend: { display: false } } },
      });
    });
    inject(DestroyRef).onDestroy(() => {
      for (const chart of this.charts.values()) chart.destroy();
      this.charts.clear();
    });
  }

  protected apply(): void {
    this.query.set({ from: this.from(), to: this.to(), interval: this.interval(), groupBy: this.groupBy() });
  }

  protected exportUrl(table: ReportTable, format: 'csv' | 'xlsx'): string {
    return this.api.reportExportUrl({ ...this.query(), table, format });
  }

  protected durationText(duration: ReportDuration): string {
    if (duration.count === 0 || duration.median === null) return '—';
    return this.i18n.t('reports.durationText', { median: minutesText(duration.median), p90: minutesText(duration.p90 ?? 0), count: duration.count });
  }

  /** Issue 19: satisfaction after closing, "4,2 of 5 (12 answers)". */
  protected satisfactionText(satisfaction: ReportSatisfaction): string {
    if (satisfaction.count === 0 || satisfaction.average === null) return '—';
    return this.i18n.t('reports.satisfactionText', { average: satisfaction.average.toLocaleString(this.i18n.locale()), count: satisfaction.count });
  }

  /** How many answers gave each number of stars, 1 to 5. */
  protected distributionText(satisfaction: ReportSatisfaction): string {
    return satisfaction.distribution.map((count, index) => `${index + 1}★ ${count}`).join(' · ');
  }

  protected percentText(value: number | null): string {
    return value === null ? '—' : `${value.toLocaleString(this.i18n.locale())} %`;
  }

  private async draw(name: string, canvas: HTMLCanvasElement, config: ChartConfiguration): Promise<void> {
    const { Chart } = await loadCharts();
    this.charts.get(name)?.destroy();
    // The table below is the accessible version: no animation to wait for, nothing to hover for.
    this.charts.set(name, new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } }));
  }
}

/** Working minutes as hours and minutes. */
function minutesText(minutes: number): string {
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  return hours > 0 ? `${hours}:${String(whole % 60).padStart(2, '0')}` : `0:${String(whole).padStart(2, '0')}`;
}
