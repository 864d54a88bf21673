import { addDays, localDateAt, weekStartOf } from '../analysis/local-week.ts';
import type { IsoWeekday, LocalDate } from '../analysis/types.ts';
import { instantOfLocalTime, zoneOffsetSeconds } from '../domain/local-time.ts';

export interface DigestSchedule {
  timeZone: string;
  weekStartDay: number;
  /** "HH:MM", the runner's local time. */
  digestLocalTime: string;
}

/** A digest later than this is stale news: after an outage, the scheduler skips it rather than send it. */
export const DIGEST_CATCH_UP_MS = 3 * 24 * 3600_000;

/**
 * The newest week whose digest has come due at `now`: a week closes at midnight before the runner's next
 * week start day (in their own zone), and its digest is due that day at their chosen local time. Null when
 * that moment is more than DIGEST_CATCH_UP_MS ago (nothing to catch up).
 */
export function dueDigestWeek(
  schedule: DigestSchedule,
  now: Date,
): { weekStart: LocalDate; dueAt: Date } | null {
  const today = localDateAt(now, zoneOffsetSeconds(schedule.timeZone, now));
  const currentWeekStart = weekStartOf(today, schedule.weekStartDay as IsoWeekday);
  let dueAt = instantOfLocalTime(currentWeekStart, schedule.digestLocalTime, schedule.timeZone);
  let weekStart = addDays(currentWeekStart, -7);
  if (now < dueAt) {
    // This week's send time has not come yet: the newest due digest is the one before.
    dueAt = instantOfLocalTime(addDays(currentWeekStart, -7), schedule.digestLocalTime, schedule.timeZone);
    weekStart = addDays(currentWeekStart, -14);
  }
  return now.getTime() - dueAt.getTime() <= DIGEST_CATCH_UP_MS ? { weekStart, dueAt } : null;
}
