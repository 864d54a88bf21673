import { resolve } from 'node:path';
import { decodeKey, type Env, envSchema } from './env.schema.ts';

export interface Config {
  env: Env['NODE_ENV'];
  database: { url: string | null; poolSize: number };
  redisUrl: string | null;
  queuePrefix: string;
  dataDir: string;
  /** Null until the embedded default supplies one from its data folder (see src/security/encryption-key.ts). */
  encryptionKey: Buffer | null;
  defaultAthleteEmail: string;
  logLevel: Env['LOG_LEVEL'];
  worker: { concurrency: number; lockDurationMs: number };
  nightlyAnalysisCron: string;
  /** `trustedProxies`: whose X-Forwarded-For the server believes (none when absent). */
  http: { host: string; port: number; publicUrl: string; trustedProxies?: readonly string[] };
  /** Null when no Strava application is configured. */
  strava: StravaConfig | null;
  /** Null when no Garmin app is configured. */
  garmin: GarminConfig | null;
  providerTimeoutMs: number;
  /** Null when no SMTP server is configured. */
  mail: MailConfig | null;
  sweepCron: string;
}

export interface MailConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

export interface StravaConfig {
  clientId: string;
  clientSecret: string;
  webhookVerifyToken: string;
  /** Our webhook subscription, when known: events naming another one are dropped. */
  webhookSubscriptionId?: number;
  oauthBaseUrl: string;
  apiBaseUrl: string;
  assumedLimits: {
    overall: { fifteenMinutes: number; daily: number };
    read: { fifteenMinutes: number; daily: number };
  };
}

export interface GarminConfig {
  clientId: string;
  clientSecret: string;
  /** The consent page the runner's browser is sent to. */
  oauthConfirmUrl: string;
  tokenUrl: string;
  /** The wellness REST API (user id, permissions, backfill, activity files), without a trailing slash. */
  apiBaseUrl: string;
  /** History a new link asks for, in days. */
  backfillDays: number;
  /** When set, every notification must carry it (`?token=`): Garmin's notifications are unsigned. */
  webhookToken?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `weekwise cannot start: the environment has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once, listing every problem at the same time. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    database: { url: env.DATABASE_URL ?? null, poolSize: env.DATABASE_POOL_SIZE },
    redisUrl: env.REDIS_URL ?? null,
    queuePrefix: env.WEEKWISE_QUEUE_PREFIX,
    dataDir: resolve(env.WEEKWISE_DATA_DIR),
    encryptionKey: env.WEEKWISE_ENCRYPTION_KEY ? decodeKey(env.WEEKWISE_ENCRYPTION_KEY) : null,
    defaultAthleteEmail: env.WEEKWISE_DEFAULT_ATHLETE,
    logLevel: env.LOG_LEVEL,
    worker: { concurrency: env.WORKER_CONCURRENCY, lockDurationMs: env.WORKER_LOCK_DURATION_MS },
    nightlyAnalysisCron: env.NIGHTLY_ANALYSIS_CRON,
    http: {
      host: env.HTTP_HOST,
      port: env.HTTP_PORT,
      publicUrl: env.WEEKWISE_PUBLIC_URL.replace(/\/+$/, ''),
      trustedProxies: env.TRUST_PROXY,
    },
    strava:
      env.STRAVA_CLIENT_ID && env.STRAVA_CLIENT_SECRET && env.STRAVA_WEBHOOK_VERIFY_TOKEN
        ? {
            clientId: env.STRAVA_CLIENT_ID,
            clientSecret: env.STRAVA_CLIENT_SECRET,
            webhookVerifyToken: env.STRAVA_WEBHOOK_VERIFY_TOKEN,
            webhookSubscriptionId: env.STRAVA_WEBHOOK_SUBSCRIPTION_ID,
            oauthBaseUrl: env.STRAVA_OAUTH_BASE_URL.replace(/\/+$/, ''),
            apiBaseUrl: env.STRAVA_API_BASE_URL.replace(/\/+$/, ''),
            assumedLimits: { overall: env.STRAVA_RATE_LIMIT, read: env.STRAVA_READ_RATE_LIMIT },
          }
        : null,
    garmin:
      env.GARMIN_CLIENT_ID && env.GARMIN_CLIENT_SECRET
        ? {
            clientId: env.GARMIN_CLIENT_ID,
            clientSecret: env.GARMIN_CLIENT_SECRET,
            oauthConfirmUrl: env.GARMIN_OAUTH_CONFIRM_URL,
            tokenUrl: env.GARMIN_TOKEN_URL,
            apiBaseUrl: env.GARMIN_API_BASE_URL.replace(/\/+$/, ''),
            backfillDays: env.GARMIN_BACKFILL_DAYS,
            webhookToken: env.GARMIN_WEBHOOK_TOKEN,
          }
        : null,
    providerTimeoutMs: env.PROVIDER_TIMEOUT_MS,
    mail: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: env.SMTP_PORT,
          secure: env.SMTP_SECURE,
          user: env.SMTP_USER ?? null,
          password: env.SMTP_PASSWORD ?? null,
          from: env.MAIL_FROM,
        }
      : null,
    sweepCron: env.SCHEDULER_SWEEP_CRON,
  };
}
