import type { Delivery, GarminEmulator } from '../emulators/garmin/garmin-emulator.ts';
import type { GarminActivity } from '../emulators/garmin/garmin-emulator.types.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { fitFixture } from '../support/shared-fixtures.ts';

const NEW_ACTIVITY_SPACING_MS = 5 * 3600_000;
/** Real runs recorded on watches, one per runner, whose files Garmin offers through single-use links. */
const FIT_FILES = ['elevate__trosku.fit', 'elevate__bloemendaal.fit', 'elevate__kaiteriteri.fit'];

export interface GarminTrafficSummary {
  /** Activities recorded during the faults (pushed as summary and details). */
  recorded: number;
  /** Of those, the ones whose FIT file was offered by a ping (a single-use download link). */
  files: number;
  notifications: number;
  delivered: number;
  /** Notifications Garmin (the emulator) gave up on after its retries: weekwise never heard of these. */
  undelivered: Delivery[];
}

/**
 * What Garmin runners record while weekwise imports their history: a new run every so often, pushed as
 * Garmin does (the summary, then the details with a sample a second), and for one run per runner a real
 * watch's FIT file, offered by a ping with a link that works once. Seeded, so a failing run replays the
 * same activities in the same order.
 */
export class GarminTraffic {
  private readonly random: () => number;
  private readonly notifications: Array<Promise<Delivery>> = [];
  private readonly recordedPerUser = new Map<string, number>();
  private readonly filesLeft: Map<string, string>;
  private readonly counts = { recorded: 0, files: 0 };
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly emulator: GarminEmulator,
    private readonly userIds: readonly string[],
    private readonly options: { seed: number; intervalMs: number; firstNewActivityAt: Date },
  ) {
    this.random = seededRandom(options.seed);
    this.filesLeft = new Map(userIds.map((userId, index) => [userId, FIT_FILES[index % FIT_FILES.length]!]));
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops recording and waits until every notification has been delivered or given up. */
  async stop(): Promise<GarminTrafficSummary> {
    this.stopping = true;
    await this.running;
    const results = await Promise.all(this.notifications);
    return {
      ...this.counts,
      notifications: results.length,
      delivered: results.filter((delivery) => delivery.outcome === 'delivered').length,
      undelivered: results.filter((delivery) => delivery.outcome !== 'delivered'),
    };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      await this.record();
      await new Promise((resolve) => setTimeout(resolve, this.options.intervalMs));
    }
  }

  private async record(): Promise<void> {
    const userId = this.userIds[Math.floor(this.random() * this.userIds.length)]!;
    const file = this.filesLeft.get(userId);
    let activity: GarminActivity;
    if (file && this.random() < 0.3) {
      this.filesLeft.delete(userId);
      // The file's own start time (years ago): Garmin offers what the watch recorded.
      activity = await this.emulator.addActivity(userId, { fitFile: fitFixture(file) });
      this.counts.files++;
    } else {
      const startTime = new Date(
        this.options.firstNewActivityAt.getTime() + this.recorded(userId) * NEW_ACTIVITY_SPACING_MS,
      );
      activity = await this.emulator.addActivity(userId, {
        startTime,
        durationInSeconds: 1800 + Math.floor(this.random() * 2400),
      });
    }
    this.counts.recorded++;
    // Garmin sends the summary and the details as separate notifications, in no guaranteed order.
    this.notifications.push(this.emulator.pushActivities(userId, [activity]));
    this.notifications.push(this.emulator.pushActivityDetails(userId, [activity]));
    if (activity.fitFile) this.notifications.push(this.emulator.pingActivityFile(userId, activity));
  }

  private recorded(userId: string): number {
    const count = this.recordedPerUser.get(userId) ?? 0;
    this.recordedPerUser.set(userId, count + 1);
    return count;
  }
}
