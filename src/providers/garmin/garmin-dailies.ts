import { markAthleteChanged } from '../../athlete-analysis/mark-athlete-changed.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import type { JobOutcome } from '../../jobs/job-definition.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import { recomputeAthleteJob } from '../../jobs/job-definitions.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import type { StoredConnection } from '../connections/connection.store.ts';
import { GarminPayloadError, parseGarminDaily } from './garmin.schemas.ts';
import { HEALTH_EXPORT } from './garmin-permissions.ts';

/** The bounds weekwise accepts for a resting heart rate set by hand (src/athletes/update-athlete-settings.ts). */
const RESTING_HR_RANGE = [25, 110] as const;

/**
 * A daily summary from Garmin's Health API: its resting heart rate becomes the runner's dated resting_hr
 * threshold from that day (source 'provider': what the runner or coach set still ranks above it). A
 * re-delivered or unchanged day changes nothing; a new value marks the athlete changed, so the runs it
 * applies to are analysed again.
 */
export async function storeGarminDaily(
  context: Pick<JobContext, 'db' | 'queue' | 'logger'>,
  connection: StoredConnection,
  payload: unknown,
): Promise<JobOutcome> {
  if (connection.status !== 'active')
    return { status: 'skipped', reason: `the link is ${connection.status}` };
  if (!connection.grantedScopes.includes(HEALTH_EXPORT)) {
    return { status: 'skipped', reason: 'the runner does not share daily health stats' };
  }
  let daily: ReturnType<typeof parseGarminDaily>;
  try {
    daily = parseGarminDaily(payload);
  } catch (error) {
    if (error instanceof GarminPayloadError) throw new PermanentJobError(error.message);
    throw error;
  }
  const restingHr = daily.restingHeartRateInBeatsPerMinute;
  if (restingHr === null || restingHr === undefined) {
    return { status: 'skipped', reason: `no resting heart rate on ${daily.calendarDate}` };
  }
  if (!(restingHr >= RESTING_HR_RANGE[0] && restingHr <= RESTING_HR_RANGE[1])) {
    context.logger.warn(
      { connectionId: connection.id, date: daily.calendarDate },
      `Garmin resting heart rate ${restingHr} bpm is not plausible: ignored`,
    );
    return { status: 'skipped', reason: `resting heart rate ${restingHr} bpm is not plausible` };
  }
  const changeCount = await inTransaction(context.db.pool, async (client) => {
    const { rows } = await client.query(
      `INSERT INTO athlete_threshold (athlete_id, kind, value, valid_from, source, note)
       VALUES ($1, 'resting_hr', $2, $3, 'provider', 'Garmin daily summary')
       ON CONFLICT (athlete_id, kind, valid_from, source) DO UPDATE SET value = EXCLUDED.value
         WHERE athlete_threshold.value IS DISTINCT FROM EXCLUDED.value
       RETURNING id`,
      [connection.athleteId, restingHr, daily.calendarDate],
    );
    return rows.length ? markAthleteChanged(client, connection.athleteId) : null;
  });
  if (changeCount === null) return { status: 'skipped', reason: `${daily.calendarDate}: unchanged` };
  await context.queue.enqueue(recomputeAthleteJob, { athleteId: connection.athleteId, changeCount });
  return { status: 'success', detail: `resting heart rate ${restingHr} bpm from ${daily.calendarDate}` };
}
