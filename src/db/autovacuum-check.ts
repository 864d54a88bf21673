import type { Logger } from '../logging/logger.ts';
import type { Database } from './database.ts';

/**
 * The nightly analysis reads each athlete's rows by index, which the planner chooses only with fresh
 * statistics; autovacuum keeps them. On a server with it off, the statistics stay as they were when the
 * tables were small: measured at 10,000 athletes, an athlete's 366 analyses were planned as 100,000 rows,
 * with a parallel plan and JIT, 0.9 s a query. Said once at start-up, so an operator can act on it.
 */
export async function warnIfAutovacuumOff(db: Database, logger: Logger): Promise<boolean> {
  if (db.kind !== 'server') return false;
  const { rows } = await db.pool.query<{ autovacuum: string }>('SHOW autovacuum');
  if (rows[0]?.autovacuum !== 'off') return false;
  logger.warn(
    'autovacuum is off on this PostgreSQL server: the planner statistics go stale as tables grow and ' +
      'the nightly analysis slows down; turn it on, or run ANALYZE after large imports',
  );
  return true;
}
