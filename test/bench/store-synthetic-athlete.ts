import { randomUUID } from 'node:crypto';
import { addDays, localDateAt, RULE_SET_V1, weekStartOf } from '../../src/analysis/index.ts';
import { markAthleteChanged } from '../../src/athlete-analysis/mark-athlete-changed.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import type { Database } from '../../src/db/database.ts';
import type { ImportedActivity } from '../../src/domain/activity.ts';
import { generateSyntheticAthlete } from '../../src/synthetic/index.ts';

const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo'];

/**
 * A year of one synthetic athlete (5-s samples), stored without its samples (a year of 10,000 athletes'
 * streams would not fit a benchmark machine) and analysed once from the in-memory samples, as the
 * import would have done.
 */
export async function storeSyntheticAthlete(
  db: Database,
  seed: number,
  now: Date,
): Promise<{ athleteId: string; runs: number }> {
  const timeZone = ZONES[seed % ZONES.length]!;
  const today = localDateAt(now, 0);
  const firstWeekStart = addDays(weekStartOf(today, 1), -7 * 52);
  const athlete = generateSyntheticAthlete({ seed, weeks: 52, timeZone, firstWeekStart, sampleIntervalS: 5 });
  const athleteId = randomUUID();
  await db.pool.query('INSERT INTO athlete (id, email, time_zone, sex) VALUES ($1, $2, $3, $4)', [
    athleteId,
    `bench-${seed}@example.com`,
    timeZone,
    athlete.physiology.sex === 'female' ? 'female' : 'male',
  ]);
  for (const [kind, value] of [
    ['max_hr', athlete.physiology.maxHr],
    ['resting_hr', athlete.physiology.restingHr],
    ['lthr', athlete.physiology.lthr],
  ] as const) {
    await db.pool.query(
      `INSERT INTO athlete_threshold (athlete_id, kind, value, valid_from, source) VALUES ($1, $2, $3, $4, 'set')`,
      [athleteId, kind, value, firstWeekStart],
    );
  }
  const streams = new Map<string, ImportedActivity['streams']>();
  const activities = athlete.weeks.flatMap((week) => week.sessions.map((session) => session.activity));
  const rows = activities.map((activity) => {
    const id = randomUUID();
    streams.set(id, activity.streams);
    return [
      id,
      athleteId,
      activity.sport,
      activity.subSport,
      activity.startTime,
      activity.utcOffsetS,
      activity.elapsedTimeS,
      activity.movingTimeS,
      activity.distanceM,
      activity.avgHeartRate,
      activity.maxHeartRate,
      activity.manual,
    ];
  });
  const columns = rows[0]!.map((_, column) => rows.map((row) => row[column]));
  await db.pool.query(
    `INSERT INTO activity (id, athlete_id, sport, sub_sport, start_time, utc_offset_s, elapsed_time_s, moving_time_s,
       distance_m, avg_heart_rate, max_heart_rate, manual)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::float8[],
       $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::bool[])`,
    columns,
  );
  await markAthleteChanged(db.pool, athleteId);
  await recomputeAthleteAnalysis(db, athleteId, RULE_SET_V1, now, {
    loadStreams: async (id) => streams.get(id) ?? null,
  });
  return { athleteId, runs: activities.filter((activity) => activity.sport === 'running').length };
}
