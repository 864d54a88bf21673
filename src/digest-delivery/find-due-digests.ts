import type { Database } from '../db/database.ts';
import { sendDigestJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { dueDigestWeek } from './digest-due.ts';

/**
 * The scheduler's digest scan: for every runner whose week has come due in their own time zone, a digest
 * row is claimed (unique per runner and week) and its job queued with an id built from both. Two
 * schedulers scanning at once claim each row once, and queue each job once: one email per runner and week.
 */
export async function queueDueDigests(db: Database, queue: JobQueue, now: Date): Promise<{ queued: number }> {
  const { rows: athletes } = await db.pool.query<{
    id: string;
    timeZone: string;
    weekStartDay: number;
    digestLocalTime: string;
  }>(
    `SELECT a.id, a.time_zone AS "timeZone", a.week_start_day AS "weekStartDay", a.digest_local_time AS "digestLocalTime"
     FROM athlete a
     WHERE a.digest_enabled AND a.email_refused_at IS NULL
       AND EXISTS (SELECT 1 FROM activity x WHERE x.athlete_id = a.id)`,
  );
  let queued = 0;
  for (const athlete of athletes) {
    const due = dueDigestWeek(athlete, now);
    if (!due) continue;
    const { rowCount } = await db.pool.query(
      `INSERT INTO digest (athlete_id, week_start) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [athlete.id, due.weekStart],
    );
    // A row claimed earlier whose job was lost (Redis down at the time) is queued again: the job id
    // makes that harmless while the first job still exists, and the handler skips a sent digest.
    const { rows } = await db.pool.query<{ status: string }>(
      'SELECT status FROM digest WHERE athlete_id = $1 AND week_start = $2',
      [athlete.id, due.weekStart],
    );
    if (rowCount || rows[0]?.status === 'pending') {
      await queue.enqueue(sendDigestJob, { athleteId: athlete.id, weekStart: due.weekStart });
      queued += rowCount ? 1 : 0;
    }
  }
  return { queued };
}
