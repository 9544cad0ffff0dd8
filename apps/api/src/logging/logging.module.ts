import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import type { HttpLogger } from './logging';
import { AppConfig } from '../config/app-config';
import { createHttpLogger, createRootLogger } from './logging';

/** Where log lines go: stdout unless a test provides a stream to read them from. */
export const LOG_DESTINATION = 'pidtrymka:LogDestination';
export const ROOT_LOGGER = 'pidtrymka:RootLogger';
/** The access-log middleware; `configureApp` puts it first, so even an answer of the body parser has a request id. */
export const HTTP_LOGGER = 'pidtrymka:HttpLogger';

@Global()
@Module({
  providers: [
    {
      provide: ROOT_LOGGER,
      inject: [AppConfig, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: DestinationStream | null) => createRootLogger(config.logLevel, destination ?? undefined),
    },
    { provide: HTTP_LOGGER, inject: [ROOT_LOGGER], useFactory: (logger: Logger): HttpLogger => createHttpLogger(logger) },
  ],
  exports: [ROOT_LOGGER, HTTP_LOGGER],
})
class RootLoggerModule {
  static forRoot(destination: DestinationStream | null): DynamicModule {
    return { module: RootLoggerModule, providers: [{ provide: LOG_DESTINATION, useValue: destination }] };
  }
}

/**
 * Structured JSON logs through pino (nestjs-pino): `app.useLogger(app.get(Logger))`
 * sends every Nest `Logger` call there, and within a request nestjs-pino
 * hands it the request's child logger, so its lines carry the request id.
 * nestjs-pino only binds that logger (`useExisting`): the access-log
 * middleware itself is applied by `configureApp`, ahead of everything.
 */
@Module({})
export class LoggingModule {
  /** `destination`: stdout unless given (the mail commands log to stderr, their stdout is their answer). */
  static forRoot(options: { destination?: DestinationStream } = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        RootLoggerModule.forRoot(options.destination ?? null),
        LoggerModule.forRootAsync({
          inject: [ROOT_LOGGER],
          // Express 5's wildcard syntax (nestjs-pino's default `*` draws a deprecation warning).
          useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true, forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }] }),
        }),
      ],
    };
  }
}
