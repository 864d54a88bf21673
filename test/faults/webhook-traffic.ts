import { setTimeout as sleep } from 'node:timers/promises';
import type { StravaEmulator } from '../emulators/strava/strava-emulator.ts';
import type { DeliveryResult } from '../emulators/strava/webhook-delivery.ts';
import { seededRandom } from '../support/seeded-random.ts';

const NEW_ACTIVITY_SPACING_MS = 4 * 3600_000;

export interface TrafficSummary {
  creates: number;
  updates: number;
  deletes: number;
  /** Events Strava (the emulator) sent, and how each delivery ended. */
  events: number;
  delivered: number;
  /** Deliveries Strava gave up on after its retries: weekwise never heard of these. */
  undelivered: DeliveryResult[];
}

/**
 * What runners do on Strava while weekwise imports their history: new activities, renamed ones, deleted
 * ones, each announced by a webhook event that the emulator delivers (and re-delivers) to `serve`.
 * Seeded, so a failing run replays the same changes in the same order.
 */
export class WebhookTraffic {
  private readonly random: () => number;
  private readonly deliveries: Array<Promise<DeliveryResult>> = [];
  private readonly counts = { creates: 0, updates: 0, deletes: 0 };
  private readonly createdPerRunner = new Map<number, number>();
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly emulator: StravaEmulator,
    private readonly stravaAthleteIds: readonly number[],
    private readonly options: {
      seed: number;
      intervalMs: number;
      /** Where each runner's new activities start, then one every few hours (see `change`). */
      firstNewActivityAt: Date;
    },
  ) {
    this.random = seededRandom(options.seed);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops making changes and waits until every delivery has succeeded or been given up. */
  async stop(): Promise<TrafficSummary> {
    this.stopping = true;
    await this.running;
    const results = await Promise.all(this.deliveries);
    return {
      ...this.counts,
      events: results.length,
      delivered: results.filter((result) => result.delivered).length,
      undelivered: results.filter((result) => !result.delivered),
    };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.change();
      await sleep(this.options.intervalMs);
    }
  }

  private change(): void {
    const athleteId = this.stravaAthleteIds[Math.floor(this.random() * this.stravaAthleteIds.length)]!;
    const existing = this.emulator.listActivities(athleteId);
    const roll = this.random();
    const pick = () => existing[Math.floor(this.random() * existing.length)]!;
    let delivery: Promise<DeliveryResult> | null;
    if (roll < 0.45 || existing.length === 0) {
      this.counts.creates += 1;
      // Hours apart, as one runner records them: overlapping sessions would be one session to weekwise.
      const startDate = new Date(
        this.options.firstNewActivityAt.getTime() + this.created(athleteId) * NEW_ACTIVITY_SPACING_MS,
      );
      delivery = this.emulator.createActivity(athleteId, { startDate }, { notify: true }).delivery;
    } else if (roll < 0.8) {
      this.counts.updates += 1;
      const name = `Renamed during the faults #${this.counts.updates}`;
      delivery = this.emulator.updateActivity(pick().id, { name }, { notify: true }).delivery;
    } else {
      this.counts.deletes += 1;
      delivery = this.emulator.deleteActivity(pick().id, { notify: true }).delivery;
    }
    if (delivery) this.deliveries.push(delivery);
  }

  /** How many activities this runner created before this one. */
  private created(athleteId: number): number {
    const count = this.createdPerRunner.get(athleteId) ?? 0;
    this.createdPerRunner.set(athleteId, count + 1);
    return count;
  }
}
