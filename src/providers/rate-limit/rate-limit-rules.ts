import type {
  LimitScope,
  RateLimitObservation,
  RateLimitSnapshot,
  RateLimits,
  RequestClass,
  Reservation,
  WindowState,
} from './rate-limit-governor.ts';
import { previousWindow, type TimeWindow, type WindowKind, windowAt } from './rate-limit-windows.ts';

/**
 * The rules both governors (memory and Redis) follow, kept in one place so they cannot drift; the Redis
 * governor's Lua scripts mirror `observedUsage` and `isFull`, and one test table runs against both.
 */

/** One counter: a scope (overall or read) in a kind of window (15 minutes or a UTC day). */
export interface Bucket {
  scope: LimitScope;
  kind: WindowKind;
}

export const BUCKETS: readonly Bucket[] = [
  { scope: 'overall', kind: 'fifteenMinutes' },
  { scope: 'overall', kind: 'daily' },
  { scope: 'read', kind: 'fifteenMinutes' },
  { scope: 'read', kind: 'daily' },
];

/**
 * A response arriving just after a window turned may have been counted by the provider in the window
 * before (the request left before the turn). For this long after a turn, a header usage the previous
 * window's own count already explains is taken as belonging to it, so that a full window just ended does
 * not make the fresh one look full. Two minutes covers the longest request time-out weekwise allows.
 */
export const ATTRIBUTION_GRACE_MS = 120_000;

/** Counters are kept this long after their window ends (the grace above needs the previous one). */
export const KEEP_AFTER_END_MS = ATTRIBUTION_GRACE_MS + 60_000;

/** Learned limits are forgotten (back to the assumed ones) after a week without any response. */
export const LEARNED_LIMITS_TTL_MS = 7 * 24 * 60 * 60_000;

/** The buckets one request counts against. */
export function bucketsCountedBy(requestClass: RequestClass): readonly Bucket[] {
  return requestClass === 'read' ? BUCKETS : BUCKETS.filter((bucket) => bucket.scope === 'overall');
}

/** `overall:15m`, `read:daily`: the name of a bucket in storage keys. */
export function bucketName(bucket: Bucket): string {
  return `${bucket.scope}:${bucket.kind === 'fifteenMinutes' ? '15m' : 'daily'}`;
}

export function assumedLimit(limits: RateLimits, bucket: Bucket): number {
  return limits[bucket.scope][bucket.kind];
}

/** How long a counter of the window containing `now` must live, from `now`. */
export function counterTtlMs(window: TimeWindow, now: Date): number {
  return Math.max(1, window.end.getTime() + KEEP_AFTER_END_MS - now.getTime());
}

/** A used count at or over its limit: the next request would be refused. */
export function isFull(used: number, limit: number): boolean {
  return used >= limit;
}

export interface SpentWindow {
  bucket: Bucket;
  used: number;
  limit: number;
}

/** The answer to a request some window has no room for: wait until every spent window has reset. */
export function refusal(spent: readonly SpentWindow[], now: Date): Extract<Reservation, { granted: false }> {
  let binding = spent[0]!;
  let retryAt = windowAt(binding.bucket.kind, now).end;
  for (const window of spent) {
    const end = windowAt(window.bucket.kind, now).end;
    if (end > retryAt) {
      retryAt = end;
      binding = window;
    }
  }
  const per = binding.bucket.kind === 'fifteenMinutes' ? '15 min' : 'day';
  return { granted: false, retryAt, reason: `${binding.bucket.scope} limit ${binding.limit}/${per} reached` };
}

export interface UsageReport {
  bucket: Bucket;
  /** What the headers say is used in this window, or null when they do not say. */
  usage: number | null;
  /** The window turned less than ATTRIBUTION_GRACE_MS before the answer arrived. */
  withinGrace: boolean;
  current: TimeWindow;
  previous: TimeWindow;
}

/** One report per bucket, for the window `now` falls in. */
export function usageReports(observation: RateLimitObservation | null, now: Date): UsageReport[] {
  return BUCKETS.map((bucket) => {
    const current = windowAt(bucket.kind, now);
    return {
      bucket,
      usage: observation?.usage[bucket.scope]?.[bucket.kind] ?? null,
      withinGrace: now.getTime() - current.start.getTime() < ATTRIBUTION_GRACE_MS,
      current,
      previous: previousWindow(bucket.kind, now),
    };
  });
}

/** The limits the headers taught, per bucket. */
export function learnedLimits(
  observation: RateLimitObservation | null,
): Array<{ bucket: Bucket; limit: number }> {
  if (!observation) return [];
  return BUCKETS.flatMap((bucket) => {
    const limit = observation.limits[bucket.scope]?.[bucket.kind];
    return limit === undefined ? [] : [{ bucket, limit }];
  });
}

/**
 * The current window's count after a header reported `usage`: never lower than before (requests reserved
 * but not yet seen by the provider are counted already), and unchanged when, just after a turn, the usage
 * is what the previous window's own count explains (the answer belonged to it).
 */
export function observedUsage(report: UsageReport, used: number, usedBefore: number): number {
  const usage = report.usage;
  if (usage === null || usage <= used) return used;
  if (report.withinGrace && usage <= usedBefore) return used;
  return usage;
}

/**
 * A 429 the headers do not explain (none said a window was at its limit, or there were no headers):
 * the limit that refused is unknown, so the current 15-minute windows of both scopes count as full.
 */
export function refusalExplained(
  reports: readonly UsageReport[],
  limitOf: (bucket: Bucket) => number,
): boolean {
  return reports.some((report) => report.usage !== null && isFull(report.usage, limitOf(report.bucket)));
}

export function buildSnapshot(
  provider: string,
  now: Date,
  stateOf: (bucket: Bucket) => { used: number; limit: number },
): RateLimitSnapshot {
  const state = (scope: LimitScope, kind: WindowKind): WindowState => ({
    ...stateOf({ scope, kind }),
    resetsAt: windowAt(kind, now).end,
  });
  return {
    provider,
    overall: { fifteenMinutes: state('overall', 'fifteenMinutes'), daily: state('overall', 'daily') },
    read: { fifteenMinutes: state('read', 'fifteenMinutes'), daily: state('read', 'daily') },
  };
}
