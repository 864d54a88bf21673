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
