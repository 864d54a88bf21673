import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../config/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import {
  createScratchDatabase,
  createTempDir,
  type ScratchDatabase,
  scratchQueuePrefix,
  testConfig,
} from './services.ts';

export interface ScratchStack {
  readonly database: Database;
  readonly config: Config;
  /** The scratch database's URL, for child processes. */
  readonly databaseUrl: string;
  /** The Redis key prefix of this suite (with `redis: true`). */
  readonly queuePrefix: string;
}

/**
 * For a describe block: a fresh, migrated database on the test PostgreSQL server (and, with `redis`, a
 * Redis key prefix of its own), created before its tests and dropped after them.
 */
export function useScratchStack(options: { redis?: boolean } = {}): ScratchStack {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  let config: Config | undefined;
  const prefix = scratchQueuePrefix();
  const dataDir = createTempDir();
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    config = testConfig({
      databaseUrl: scratch.url,
      dataDir: dataDir.path,
      ...(options.redis ? { redis: prefix } : {}),
    });
    database = await openDatabase(config, { migrate: true });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    if (options.redis) await prefix.clear();
    dataDir.remove();
  });
  return {
    get database() {
      return database!;
    },
    get config() {
      return config!;
    },
    get databaseUrl() {
      return scratch!.url;
    },
    queuePrefix: prefix.prefix,
  };
}
