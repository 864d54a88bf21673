import type pg from 'pg';

/**
 * Serialises, per athlete, "is this session stored already? if not, store it". Strava, Garmin and FIT
 * imports run in different workers at the same moment; without this, two copies of one run arriving
 * together would each find nothing to match and store the run twice. Held until the caller's
 * transaction ends; taken before any row lock, so it adds no lock cycle.
 */
export async function lockAthleteSessions(client: pg.PoolClient, athleteId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('activity-sessions:' || $1, 0))`, [
    athleteId,
  ]);
}
