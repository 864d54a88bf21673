import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable } from '../support/services.ts';

const ready = await postgresAvailable();

/**
 * What killed every worker on a PostgreSQL restart in the fault suite, replayed on one connection: the
 * server cuts a connection a transaction holds between two statements. The process must live on, say so,
 * and get a working connection next time.
 */
describe.skipIf(!ready)('a pooled connection the server cuts while it is checked out', () => {
  const stack = useScratchStack();

  it('is reported, not fatal, and replaced on next use', async () => {
    const lost: Error[] = [];
    const db = await openDatabase(stack.config, { onIdleError: (error) => lost.push(error) });
    try {
      const client = await db.pool.connect();
      await client.query('BEGIN');
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await stack.database.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      for (let wait = 0; wait < 100 && lost.length === 0; wait++) await sleep(20);
      expect(lost.map((error) => error.message).join()).toMatch(/terminat/);
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release();

      const { rows: again } = await db.pool.query<{ one: number }>('SELECT 1 AS one');
      expect(again).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
