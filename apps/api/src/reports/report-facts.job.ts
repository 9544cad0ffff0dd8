import { Injectable } from '@nestjs/common';
import { ReportFacts } from './report-facts.service';

/** Issue 19: keeps the reports' stored figures up to date, once per tick across instances (the scheduler's advisory lock). */
@Injectable()
export class ReportFactsJob {
  static readonly jobName = 'report-facts';

  constructor(private readonly facts: ReportFacts) {}

  async run(): Promise<void> {
    await this.facts.refresh();
  }
}
