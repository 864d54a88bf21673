import type {
  RateLimitGovernor,
  RateLimitGovernorOptions,
  RateLimitObservation,
  RateLimitSnapshot,
  RequestClass,
  Reservation,
} from './rate-limit-governor.ts';
import {
  assumedLimit,
  type Bucket,
  bucketName,
  bucketsCountedBy,
  buildSnapshot,
  isFull,
  KEEP_AFTER_END_MS,
  learnedLimits,
  observedUsage,
  refusal,
  refusalExplained,
  type SpentWindow,
  usageReports,
} from './rate-limit-rules.ts';
import { type TimeWindow, windowAt } from './rate-limit-windows.ts';

/**
 * The governor of the embedded, single-process mode (no Redis): the same rules as the Redis one, in this
 * process's memory. Each method runs to completion without awaiting, so reservations are atomic here.
 */
export class MemoryRateLimitGovernor implements RateLimitGovernor {
  private readonly counters = new Map<string, { used: number; forgetAfterMs: number }>();
  private readonly learned = new Map<string, number>();

  constructor(private readonly options: RateLimitGovernorOptions) {}

  async reserve(requestClass: RequestClass, now: Date): Promise<Reservation> {
    this.forgetEndedWindows(now);
    const buckets = bucketsCountedBy(requestClass);
    const spent: SpentWindow[] = [];
    for (const bucket of buckets) {
      const used = this.used(bucket, windowAt(bucket.kind, now));
      const limit = this.limit(bucket);
      if (isFull(used, limit)) spent.push({ bucket, used, limit });
    }
    if (spent.length) return refusal(spent, now);
    for (const bucket of buckets) {
      const window = windowAt(bucket.kind, now);
      this.setUsed(bucket, window, this.used(bucket, window) + 1);
    }
    return { granted: true };
  }

  async observe(observation: RateLimitObservation | null, now: Date, status: number): Promise<void> {
    this.forgetEndedWindows(now);
    for (const { bucket, limit } of learnedLimits(observation)) this.learned.set(bucketName(bucket), limit);
    const reports = usageReports(observation, now);
    for (const report of reports) {
      const used = this.used(report.bucket, report.current);
      const usedBefore = this.used(report.bucket, report.previous);
      const updated = observedUsage(report, used, usedBefore);
      if (updated !== used) this.setUsed(report.bucket, report.current, updated);
    }
    if (status !== 429 || refusalExplained(reports, (bucket) => this.limit(bucket))) return;
    for (const report of reports) {
      if (report.bucket.kind !== 'fifteenMinutes') continue;
      const limit = this.limit(report.bucket);
      if (this.used(report.bucket, report.current) < limit)
        this.setUsed(report.bucket, report.current, limit);
    }
  }

  async snapshot(now: Date): Promise<RateLimitSnapshot> {
    return buildSnapshot(this.options.provider, now, (bucket) => ({
      used: this.used(bucket, windowAt(bucket.kind, now)),
      limit: this.limit(bucket),
    }));
  }

  private limit(bucket: Bucket): number {
    return this.learned.get(bucketName(bucket)) ?? assumedLimit(this.options.assumedLimits, bucket);
  }

  private used(bucket: Bucket, window: TimeWindow): number {
    return this.counters.get(counterKey(bucket, window))?.used ?? 0;
  }

  private setUsed(bucket: Bucket, window: TimeWindow, used: number): void {
    this.counters.set(counterKey(bucket, window), {
      used,
      forgetAfterMs: window.end.getTime() + KEEP_AFTER_END_MS,
    });
  }

  private forgetEndedWindows(now: Date): void {
    for (const [key, counter] of this.counters) {
      if (counter.forgetAfterMs < now.getTime()) this.counters.delete(key);
    }
  }
}

function counterKey(bucket: Bucket, window: TimeWindow): string {
  return `${bucketName(bucket)}:${window.start.getTime()}`;
}
