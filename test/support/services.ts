import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../config/config.ts';

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
export function testConfig(options: { databaseUrl?: string; dataDir: string }): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    WEEKWISE_DATA_DIR: options.dataDir,
    WEEKWISE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
}
