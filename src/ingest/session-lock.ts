import type pg from 'pg';

/**
 * Serialises, per athlete, "is this session stored already? if not, store it". Strava, Garmin and FIT
 * imports run in different workers at the same moment; without this, two copies of one run arriving
 * together would each find nothing to match and store the run twice. Held until the caller's
 * transaction ends; taken before any row lock, so it adds no lock cycle.
 */
export async function lockAthleteSessions(client: pg.PoolClient, athleteId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [sessionLockKey(athleteId)]);
}

/**
 * BEGIN and the lock above in one round trip (a simple query may hold several statements, but no bound
 * parameters: the athlete's id goes in as a literal, escaped by pg). The FIT import's commit is counted
 * in round trips: bench:import compares it with the parser alone, and the parse of the next file
 * blocks the event loop, so no round trip of a commit overlaps it.
 */
export async function beginLockingAthleteSessions(client: pg.PoolClient, athleteId: string): Promise<void> {
  const key = client.escapeLiteral(sessionLockKey(athleteId));
  await client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

const sessionLockKey = (athleteId: string) => `activity-sessions:${athleteId}`;

/**
 * `statement` in a transaction of its own that holds the athlete's session lock, sent as one batch:
 * BEGIN and the lock, the statement, COMMIT. On a pipelined client (the pool's: database.ts) the three go
 * out together and cost one round trip; the server still runs them in order, so the statement reads what
 * was committed before the lock was granted. If any of them fails, the COMMIT rolls back and the first
 * error is thrown. `statement` must send its one query before it first awaits, so it is queued second.
 */
export async function lockedTransactionInOneBatch<T>(
  client: pg.PoolClient,
  athleteId: string,
  statement: () => Promise<T>,
): Promise<T> {
  const [begin, result, commit] = await Promise.allSettled([
    beginLockingAthleteSessions(client, athleteId),
    statement(),
    client.query('COMMIT'),
  ]);
  if (begin.status === 'rejected') throw begin.reason;
  if (result.status === 'rejected') throw result.reason;
  if (commit.status === 'rejected') throw commit.reason;
  // A COMMIT after a failed statement answers ROLLBACK; that failure was thrown above.
  if (commit.value.command !== 'COMMIT') {
    throw new Error(`the import's transaction ended with ${commit.value.command}, not COMMIT`);
  }
  return result.value;
}
