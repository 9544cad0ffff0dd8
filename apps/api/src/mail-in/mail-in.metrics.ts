import { Injectable, OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.service';
import { MailInRepository } from './mail-in.repository';

/** The quarantine's size, read at each scrape: what an alert on "mail waits for a human" needs. */
@Injectable()
export class MailInMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly inbound: MailInRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      try {
        this.metrics.mailQuarantined.set(await this.inbound.countQuarantined());
      } catch (error) {
        this.metrics.mailQuarantined.set(Number.NaN);
        throw error;
      }
    });
  }
}
