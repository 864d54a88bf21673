import type pg from 'pg';
import type { ActivityInput } from '../analysis/index.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Sport } from '../domain/sport.ts';
import { decodeStreams } from '../domain/stream-codec.ts';
import type { Activity } from '../generated/prisma/client.ts';
import type { ActivityDataFields } from './analysis-inputs-key.ts';

/** The columns of a stored activity the analysis reads (a Prisma Activity has them all). */
export type StoredActivity = ActivityDataFields & Pick<Activity, 'id' | 'parentId' | 'updatedAt'>;

/**
 * An athlete's activities, those columns only. Read with a plain query rather than Prisma's findMany: the
 * nightly recompute reads a year of activities per athlete, and Prisma's row mapping was a tenth of its
 * CPU time (bench:analysis, profiled at 10,000 athletes).
 */
export async function loadAthleteActivities(pool: pg.Pool, athleteId: string): Promise<StoredActivity[]> {
  const { rows } = await pool.query<StoredActivity>(
    `SELECT id, parent_id AS "parentId", sport, sub_sport AS "subSport", start_time AS "startTime",
       utc_offset_s AS "utcOffsetS", time_zone AS "timeZone", elapsed_time_s AS "elapsedTimeS",
       moving_time_s AS "movingTimeS", distance_m AS "distanceM", avg_heart_rate AS "avgHeartRate",
       max_heart_rate AS "maxHeartRate", heart_rate_samples AS "heartRateSamples", manual,
       streams_source_id AS "streamsSourceId", updated_at AS "updatedAt"
     FROM activity WHERE athlete_id = $1`,
    [athleteId],
  );
  return rows;
}

/** A stored activity as the analysis takes it; streams are read only when the caller asks for them. */
export function toActivityInput(
  activity: StoredActivity,
  streams: ActivityInput['streams'] = null,
): ActivityInput {
  return {
    id: activity.id,
    parentId: activity.parentId,
    sport: activity.sport as Sport,
    subSport: activity.subSport,
    startTime: activity.startTime,
    utcOffsetS: activity.utcOffsetS,
    timeZone: activity.timeZone,
    elapsedTimeS: activity.elapsedTimeS,
    movingTimeS: activity.movingTimeS,
    distanceM: activity.distanceM,
    manual: activity.manual,
    avgHeartRate: activity.avgHeartRate,
    streams,
  };
}

export async function loadActivityStreams(
  prisma: PrismaClient,
  activityId: string,
): Promise<ActivityInput['streams']> {
  const rows = await prisma.activityStream.findMany({
    where: { activityId },
    select: { type: true, data: true },
  });
  return decodeStreams(rows);
}
