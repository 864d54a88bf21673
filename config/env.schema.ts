import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** "<per 15 minutes>,<per day>", as Strava's X-RateLimit-Limit header spells it. */
const limitPair = z
  .string()
  .regex(/^\d+,\d+$/, 'must be "<per 15 minutes>,<per day>", e.g. "100,1000"')
  .transform((text) => {
    const [fifteenMinutes, daily] = text.split(',').map(Number) as [number, number];
    return { fifteenMinutes, daily };
  });

/**
 * Every setting weekwise reads from its environment. Parsed once at start-up (config/config.ts); nothing
 * else reads process.env. `.env.example` mirrors this file.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** PostgreSQL server. Unset: an embedded PostgreSQL (PGlite) under WEEKWISE_DATA_DIR. */
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    /** Connections per process to a PostgreSQL server (the embedded database always uses one). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /** Redis for the BullMQ job queues. Unset: jobs run in-process. */
    REDIS_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
        .optional(),
    ),
    /** Where the embedded database and other local state live. */
    WEEKWISE_DATA_DIR: z.string().min(1).default('./.weekwise'),
    /**
     * 32-byte key, base64 or hex, that encrypts provider tokens at rest (AES-256-GCM). Required with a
     * PostgreSQL server; the embedded default generates one in its data folder.
     */
    WEEKWISE_ENCRYPTION_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine(
          (value) => decodeKey(value) !== null,
          'must be 32 bytes as base64 (44 chars) or hex (64 chars)',
        )
        .optional(),
    ),
    /** Athlete used by the CLI when --athlete is not given. */
    WEEKWISE_DEFAULT_ATHLETE: z.email().default('runner@weekwise.local'),
    /** Prefix of weekwise's keys in Redis: lets several deployments (or test runs) share one Redis. */
    WEEKWISE_QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only')
      .default('weekwise'),
    /** Jobs one worker process runs at once. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** A crashed worker's job is handed to another worker once its lock has been silent this long. */
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** When the scheduler runs the nightly analysis (cron syntax, server time). */
    NIGHTLY_ANALYSIS_CRON: z
      .string()
      .refine(isValidCron, 'must be a cron expression, e.g. "15 3 * * *"')
      .default('15 3 * * *'),
    /** Where `weekwise serve` listens. */
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * Proxies in front of `weekwise serve` whose X-Forwarded-For is believed (addresses or CIDRs, comma
     * separated, e.g. "127.0.0.1,10.0.0.0/8"). Empty: none, so a client cannot pick its own address.
     */
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    /** The address users and providers reach weekwise at: OAuth redirects, webhooks and email links use it. */
    WEEKWISE_PUBLIC_URL: z.url().default('http://localhost:3000'),
    /** Strava API application (https://www.strava.com/settings/api). Unset: Strava is not offered. */
    STRAVA_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, 'digits only').optional()),
    STRAVA_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    /** A secret of ours that Strava repeats when it validates the webhook subscription. */
    STRAVA_WEBHOOK_VERIFY_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(8).optional()),
    /**
     * The id `weekwise strava subscribe` printed. Set: an event naming another subscription is not Strava's
     * and is dropped at the door (events are unsigned; this is a cheap first filter, not a signature).
     */
    STRAVA_WEBHOOK_SUBSCRIPTION_ID: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().positive().optional(),
    ),
    /** Strava's addresses; tests point them at the emulator. */
    STRAVA_OAUTH_BASE_URL: z.url().default('https://www.strava.com'),
    STRAVA_API_BASE_URL: z.url().default('https://www.strava.com/api/v3'),
    /**
     * The app's limits to assume until Strava's own headers say otherwise ("15min,daily"): overall and
     * read. Strava sets them per app, so the governor learns the real ones from every response.
     */
    STRAVA_RATE_LIMIT: limitPair.default({ fifteenMinutes: 200, daily: 2000 }),
    STRAVA_READ_RATE_LIMIT: limitPair.default({ fifteenMinutes: 100, daily: 1000 }),
    // --- Garmin (issue 5) ---
    /** Garmin Connect Developer Program app (OAuth 2.0 with PKCE). Unset: Garmin is not offered. */
    GARMIN_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    GARMIN_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    /** Garmin's addresses; tests point them at the emulator. */
    GARMIN_OAUTH_CONFIRM_URL: z.url().default('https://connect.garmin.com/oauth2Confirm'),
    GARMIN_TOKEN_URL: z.url().default('https://diauth.garmin.com/di-oauth2-service/oauth/token'),
    GARMIN_API_BASE_URL: z.url().default('https://apis.garmin.com/wellness-api/rest'),
    /**
     * A secret of ours in the notification addresses set in Garmin's portal (…/webhooks/garmin/<kind>?token=…):
     * Garmin does not sign its notifications. Set: a notification without it is refused (401).
     */
    GARMIN_WEBHOOK_TOKEN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{24,}$/, 'must be 24+ letters, digits, - or _ (openssl rand -hex 24)')
        .optional(),
    ),
    /** How far back a new Garmin link asks for history (Garmin delivers it by push, 30 days per request). */
    GARMIN_BACKFILL_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(5 * 366)
      .default(365),
    /** A request to a provider that has not answered after this long is abandoned and retried later. */
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
    /** SMTP server for digests and sign-in links. Unset: nothing is mailed (digests can be previewed). */
    SMTP_HOST: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
    SMTP_SECURE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    SMTP_USER: z.preprocess(emptyAsUndefined, z.string().optional()),
    SMTP_PASSWORD: z.preprocess(emptyAsUndefined, z.string().optional()),
    MAIL_FROM: z.string().min(3).default('weekwise <digest@localhost>'),
    /** How often the scheduler sweeps: digests that came due, provider events and syncs left behind (cron). */
    SCHEDULER_SWEEP_CRON: z
      .string()
      .refine(isValidCron, 'must be a cron expression, e.g. "*/15 * * * *"')
      .default('*/15 * * * *'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, context) => {
    const strava = [env.STRAVA_CLIENT_ID, env.STRAVA_CLIENT_SECRET, env.STRAVA_WEBHOOK_VERIFY_TOKEN];
    if (strava.some(Boolean) && !strava.every(Boolean)) {
      context.addIssue({
        code: 'custom',
        path: ['STRAVA_CLIENT_ID'],
        message: 'Strava needs all of STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET and STRAVA_WEBHOOK_VERIFY_TOKEN',
      });
    }
    if (Boolean(env.GARMIN_CLIENT_ID) !== Boolean(env.GARMIN_CLIENT_SECRET)) {
      context.addIssue({
        code: 'custom',
        path: ['GARMIN_CLIENT_ID'],
        message: 'Garmin needs both GARMIN_CLIENT_ID and GARMIN_CLIENT_SECRET',
      });
    }
    if (env.DATABASE_URL && !env.WEEKWISE_ENCRYPTION_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['WEEKWISE_ENCRYPTION_KEY'],
        message: 'required with DATABASE_URL (generate one: openssl rand -base64 32)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** A 32-byte key from base64 or hex text, or null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const fromBase64 = Buffer.from(trimmed, 'base64');
  return fromBase64.length === 32 ? fromBase64 : null;
}
