import { resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, validateSync } from 'class-validator';

const DEFAULT_EXTENSIONS = 'gif,jpg,jpeg,png,zip,rar,csv,doc,docx,xls,xlsx,txt,pdf,p7s';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting, read from the environment, with defaults that suit the
 * embedded start (`npm start` with nothing configured). README lists them.
 */
export class EnvironmentVariables {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Unset: the API starts an embedded PostgreSQL of its own under DATA_DIR/pg. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_DB_PORT = 54329;

  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  @IsString()
  CAPTCHA_PROVIDER = 'image';

  @Transform(toInt) @IsInt() @Min(30) @Max(86_400)
  CAPTCHA_TTL_SECONDS = 600;

  @IsString()
  ATTACHMENT_STORE = 'database';

  @Transform(toInt) @IsInt() @Min(0) @Max(20)
  ATTACHMENT_MAX_COUNT = 2;

  @Transform(toInt) @IsInt() @Min(1) @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;

  @IsString()
  ATTACHMENT_EXTENSIONS = DEFAULT_EXTENSIONS;

  @Transform(toBoolean) @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** Ticket creations and replies per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_SUBMISSIONS = 10;

  /** Failed tracking-ID look-ups per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_FAILED_LOOKUPS = 10;

  /** All requests to the participants' API per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_REQUESTS = 300;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Comma-separated npm packages that export `pidtrymkaPlugins`. */
  @IsString()
  PLUGINS = '';

  /** Set when the API runs behind a proxy, so rate limits see the client's IP (Express `trust proxy`). */
  @IsString()
  TRUST_PROXY = 'loopback';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';
}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(raw[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  return env;
}

/** The validated settings in the shapes the code uses them. */
@Injectable()
export class AppConfig {
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedDbPort: number;
  readonly publicUrl: string;
  readonly captchaProvider: string;
  readonly captchaTtlSeconds: number;
  readonly attachmentStore: string;
  readonly attachments: { maxCount: number; maxBytes: number; extensions: readonly string[] };
  readonly rateLimit: { enabled: boolean; submissions: number; failedLookups: number; requests: number; windowMs: number };
  readonly plugins: readonly string[];
  readonly trustProxy: string;

  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {
    const get = <K extends keyof EnvironmentVariables>(key: K) => config.get(key, { infer: true }) as EnvironmentVariables[K];
    this.port = get('PORT');
    this.databaseUrl = get('DATABASE_URL');
    this.dataDir = resolve(get('DATA_DIR'));
    this.embeddedDbPort = get('EMBEDDED_DB_PORT');
    this.publicUrl = get('PUBLIC_URL').replace(/\/+$/, '');
    this.captchaProvider = get('CAPTCHA_PROVIDER');
    this.captchaTtlSeconds = get('CAPTCHA_TTL_SECONDS');
    this.attachmentStore = get('ATTACHMENT_STORE');
    this.attachments = {
      maxCount: get('ATTACHMENT_MAX_COUNT'),
      maxBytes: get('ATTACHMENT_MAX_BYTES'),
      extensions: splitList(get('ATTACHMENT_EXTENSIONS')).map((ext) => ext.replace(/^\./, '').toLowerCase()),
    };
    this.rateLimit = {
      enabled: get('RATE_LIMIT_ENABLED'),
      submissions: get('RATE_LIMIT_SUBMISSIONS'),
      failedLookups: get('RATE_LIMIT_FAILED_LOOKUPS'),
      requests: get('RATE_LIMIT_REQUESTS'),
      windowMs: get('RATE_LIMIT_WINDOW_SECONDS') * 1000,
    };
    this.plugins = splitList(get('PLUGINS'));
    this.trustProxy = get('TRUST_PROXY');
  }

  /** Any setting by name, including those only a plugin knows. */
  setting(name: string): string | undefined {
    const value: unknown = this.config.get(name as keyof EnvironmentVariables);
    return value === undefined || value === null ? undefined : String(value);
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
