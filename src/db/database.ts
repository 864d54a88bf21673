import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../../config/config.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.ts';
import { applyMigrations, type MigrationReport, pendingMigrations } from './migrations.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

export interface Database {
  prisma: PrismaClient;
  /** The same pool Prisma uses, for the few statements Prisma cannot express (bulk COPY-like inserts, locks). */
  pool: pg.Pool;
  kind: 'server' | 'embedded';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations first. Always done for the embedded database, which nobody else migrates. */
  migrate?: boolean;
  onMigrated?: (report: MigrationReport) => void;
  /** Told when the server closes a pooled connection, idle or in use (it is replaced on next use). */
  onIdleError?: (error: Error) => void;
}

/**
 * One code path for both storage modes: with DATABASE_URL, a PostgreSQL server; without it, the embedded
 * PGlite served on loopback. Either way Prisma talks to it through pg and the pg driver adapter.
 */
export async function openDatabase(config: Config, options: OpenDatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.database.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.url;
  }
  // Pipelined clients send a query as soon as it is made rather than after the previous one's answer: a
  // caller that awaits each query sees no difference, and one that sends a batch (the FIT import's commit,
  // lockedTransactionInOneBatch) waits for one round trip instead of one per query.
  const pool = new pg.Pool({
    connectionString: url,
    max: embedded ? 1 : config.database.poolSize,
    pipeline: true,
  });
  // An idle connection that the server drops (a restart, a failover) must not crash the process: the pool
  // discards it and the next query opens a new one.
  pool.on('error', (error) => options.onIdleError?.(error));
  // Nor may a checked-out one, between two statements of a transaction: the pool listens only to its idle
  // clients, and an 'error' event nobody listens to kills the process (every worker died on a PostgreSQL
  // restart in the fault suite). The statement in hand fails, its job retries, and the pool drops the
  // broken client when it is released.
  pool.on('connect', (client) => client.on('error', (error) => options.onIdleError?.(error)));
  try {
    if (options.migrate || embedded) {
      const report = await applyMigrations(pool);
      options.onMigrated?.(report);
    } else {
      const pending = await pendingMigrations(pool);
      if (pending.length) {
        throw new Error(
          `the database is not up to date (${pending.length} migration(s) pending: ${pending.join(', ')}); run: npx weekwise db migrate`,
        );
      }
    }
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    kind: embedded ? 'embedded' : 'server',
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
