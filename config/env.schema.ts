import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, context) => {
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
