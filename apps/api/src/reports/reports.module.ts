import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SlaClocksModule } from '../sla/sla-clocks.module';
import { ReportFacts } from './report-facts.service';
import { ReportFactsJob } from './report-facts.job';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Issue 19: figures over the requests' history, for the workspace's reports page. */
@Module({
  imports: [AuthModule, SlaClocksModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportFacts, ReportFactsJob, ReportsService],
  exports: [ReportFacts, ReportFactsJob],
})
export class ReportsModule {}
