import type { Redis } from 'ioredis';
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
  BUCKETS,
  type Bucket,
  bucketName,
  bucketsCountedBy,
  buildSnapshot,
  counterTtlMs,
  LEARNED_LIMITS_TTL_MS,
  learnedLimits,
  refusal,
  type SpentWindow,
  usageReports,
} from './rate-limit-rules.ts';
import { type TimeWindow, windowAt } from './rate-limit-windows.ts';
import { OBSERVE_SCRIPT, RESERVE_SCRIPT } from './redis-rate-limit-scripts.ts';

export interface RedisRateLimitGovernorOptions extends RateLimitGovernorOptions {
  /** Namespace of the deployment's keys (tests pass a scratch one). */
  keyPrefix: string;
}

/** The custom commands defineCommand adds to the connection. */
interface RateLimitCommands {
  weekwiseRateLimitReserve(keyCount: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
  weekwiseRateLimitObserve(keyCount: number, ...keysAndArgs: Array<string | number>): Promise<number>;
}

/**
 * The governor every process of a deployment shares: counters per provider, scope and window live in
 * Redis (`<prefix>:ratelimit:strava:read:15m:<window start, epoch seconds>`, expiring after their window)
 * and are checked and incremented by one Lua script, so two workers can never both take the last slot.
 */
export class RedisRateLimitGovernor implements RateLimitGovernor {
  private readonly commands: RateLimitCommands;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimitGovernorOptions,
  ) {
    // Defining is idempotent; ioredis sends EVALSHA and falls back to EVAL when Redis lacks the script.
    redis.defineCommand('weekwiseRateLimitReserve', { lua: RESERVE_SCRIPT });
    redis.defineCommand('weekwiseRateLimitObserve', { lua: OBSERVE_SCRIPT });
    this.commands = redis as unknown as RateLimitCommands;
  }

  async reserve(requestClass: RequestClass, now: Date): Promise<Reservation> {
    const buckets = bucketsCountedBy(requestClass);
    const keys = [
      this.limitsKey(),
      ...buckets.map((bucket) => this.counterKey(bucket, windowAt(bucket.kind, now))),
    ];
    const args = buckets.flatMap((bucket) => [
      bucketName(bucket),
      assumedLimit(this.options.assumedLimits, bucket),
      counterTtlMs(windowAt(bucket.kind, now), now),
    ]);
    const answer = await this.commands.weekwiseRateLimitReserve(keys.length, ...keys, ...args);
    if (answer.length === 0) return { granted: true };
    const spent: SpentWindow[] = [];
    for (let index = 0; index < answer.length; index += 3) {
      spent.push({
        bucket: buckets[answer[index]! - 1]!,
        used: answer[index + 1]!,
        limit: answer[index + 2]!,
      });
    }
    return refusal(spent, now);
  }

  async observe(observation: RateLimitObservation | null, now: Date, status: number): Promise<void> {
    const learned = learnedLimits(observation);
    const reports = usageReports(observation, now);
    const keys = [
      this.limitsKey(),
      ...reports.flatMap((report) => [
        this.counterKey(report.bucket, report.current),
        this.counterKey(report.bucket, report.previous),
      ]),
    ];
    const args = [
      LEARNED_LIMITS_TTL_MS,
      status === 429 ? '1' : '0',
      learned.length,
      ...learned.flatMap(({ bucket, limit }) => [bucketName(bucket), limit]),
      ...reports.flatMap((report) => [
        bucketName(report.bucket),
        assumedLimit(this.options.assumedLimits, report.bucket),
        report.usage ?? -1,
        report.withinGrace ? '1' : '0',
        report.bucket.kind === 'fifteenMinutes' ? '1' : '0',
        counterTtlMs(report.current, now),
      ]),
    ];
    await this.commands.weekwiseRateLimitObserve(keys.length, ...keys, ...args);
  }

  async snapshot(now: Date): Promise<RateLimitSnapshot> {
    const counters = await this.redis.mget(
      BUCKETS.map((bucket) => this.counterKey(bucket, windowAt(bucket.kind, now))),
    );
    const learned = await this.redis.hmget(this.limitsKey(), ...BUCKETS.map(bucketName));
    const state = new Map(
      BUCKETS.map((bucket, index) => [
        bucketName(bucket),
        {
          used: Number(counters[index] ?? 0),
          limit: Number(learned[index] ?? assumedLimit(this.options.assumedLimits, bucket)),
        },
      ]),
    );
    return buildSnapshot(this.options.provider, now, (bucket) => state.get(bucketName(bucket))!);
  }

  private limitsKey(): string {
    return `${this.options.keyPrefix}:ratelimit:${this.options.provider}:limits`;
  }

  /** E.g. `<prefix>:ratelimit:strava:read:15m:1795334400` (the window's start, epoch seconds). */
  private counterKey(bucket: Bucket, window: TimeWindow): string {
    const start = window.start.getTime() / 1000;
    return `${this.options.keyPrefix}:ratelimit:${this.options.provider}:${bucketName(bucket)}:${start}`;
  }
}
