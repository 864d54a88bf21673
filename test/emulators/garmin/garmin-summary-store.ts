import type { GarminActivity } from './garmin-emulator.types.ts';
import type { DailySummaryFields } from './garmin-payloads.ts';

/** The activities and daily summaries each user has on "Garmin Connect", for pushes and backfills. */
export class GarminSummaryStore {
  private readonly activities = new Map<string, GarminActivity[]>();
  private readonly dailies = new Map<string, Map<string, DailySummaryFields>>();

  addActivity(activity: GarminActivity): void {
    const list = this.activities.get(activity.userId) ?? [];
    list.push(activity);
    this.activities.set(activity.userId, list);
  }

  /** Every activity of the user, multisport legs right after their parent. */
  activitiesOf(userId: string): GarminActivity[] {
    return (this.activities.get(userId) ?? []).flatMap((activity) => [activity, ...activity.children]);
  }

  findActivity(userId: string, summaryId: string): GarminActivity | undefined {
    return this.activitiesOf(userId).find((activity) => activity.summary.summaryId === summaryId);
  }

  /** Activities that start in [startS, endS), as Garmin selects them for a backfill. */
  activitiesStartingBetween(userId: string, startS: number, endS: number): GarminActivity[] {
    return this.activitiesOf(userId).filter(
      (activity) =>
        activity.summary.startTimeInSeconds >= startS && activity.summary.startTimeInSeconds < endS,
    );
  }

  /** Stores days by calendar date: a day sent again replaces the earlier version, as Garmin updates it. */
  putDailies(userId: string, days: readonly DailySummaryFields[]): void {
    const byDate = this.dailies.get(userId) ?? new Map<string, DailySummaryFields>();
    for (const day of days) byDate.set(day.calendarDate, day);
    this.dailies.set(userId, byDate);
  }

  dailiesStartingBetween(userId: string, startS: number, endS: number): DailySummaryFields[] {
    return [...(this.dailies.get(userId)?.values() ?? [])]
      .filter((day) => day.startTimeInSeconds >= startS && day.startTimeInSeconds < endS)
      .sort((left, right) => left.startTimeInSeconds - right.startTimeInSeconds);
  }
}
