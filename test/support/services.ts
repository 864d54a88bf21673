import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type Config, loadConfig } from '../../config/config.ts';
import { recordIssuedSecret } from './test-run-log.ts';

/**
 * Integration tests run against the real PostgreSQL (and Redis) of the machine. Where to find them can be
 * overridden with TEST_DATABASE_URL / TEST_REDIS_URL. In CI a missing service fails the suite; on a
 * developer machine it skips with a reason.
 */
const inCi = process.env.CI === 'true' || process.env.CI === '1';
export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    const message = `PostgreSQL not reachable at ${TEST_POSTGRES_URL}: ${(error as Error).message}`;
    if (inCi) throw new Error(`${message} (required in CI)`);
    console.warn(`SKIPPING PostgreSQL tests: ${message}`);
    return false;
  }
}

export async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    const message = `Redis not reachable at ${TEST_REDIS_URL}: ${(error as Error).message}`;
    if (inCi) throw new Error(`${message} (required in CI)`);
    console.warn(`SKIPPING Redis tests: ${message}`);
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A Redis key prefix no other test run uses; `clear()` deletes its keys. */
export function scratchQueuePrefix(): { prefix: string; clear(): Promise<void> } {
  const prefix = `weekwise_test_${randomBytes(6).toString('hex')}`;
  return {
    prefix,
    async clear() {
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, dropped afterwards: suites never see each other's rows. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `weekwise_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function createTempDir(prefix = 'weekwise-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A Config for tests: a server database when a URL is given, else the embedded one in dataDir. */
/** The app secrets the suites configure by name; the secret scan of a test run looks for them in the logs. */
export const FIXED_TEST_SECRETS: readonly string[] = [
  'strava-emulator-client-secret',
  'emulator-client-secret',
  'garmin-emulator-client-secret',
  'verify-token-of-the-test',
  'cli-secret',
  'cli-verify-token',
  'faults-client-secret',
  'faults-verify-token',
];

export function testConfig(options: {
  databaseUrl?: string;
  dataDir: string;
  redis?: { prefix: string };
  /** More settings, e.g. STRAVA_* pointing at an emulator. */
  env?: Record<string, string>;
}): Config {
  const encryptionKey = randomBytes(32).toString('base64');
  recordIssuedSecret(encryptionKey);
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redis ? TEST_REDIS_URL : undefined,
    WEEKWISE_QUEUE_PREFIX: options.redis?.prefix,
    WORKER_LOCK_DURATION_MS: '2000',
    WEEKWISE_DATA_DIR: options.dataDir,
    WEEKWISE_ENCRYPTION_KEY: encryptionKey,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
}
