import { DynamicModule, Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/**
 * The `Metrics` every module counts through (global: counting is everywhere),
 * and `/metrics` unless METRICS_ENABLED is off.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: { endpoint: boolean }): DynamicModule {
    return {
      module: MetricsModule,
      controllers: options.endpoint ? [MetricsController] : [],
      providers: [Metrics],
      exports: [Metrics],
    };
  }
}
