import type { EmulatorClock } from '../emulator-clock.ts';
import type { RateLimitPair, StravaRateLimits } from './strava-model.ts';

const FIFTEEN_MINUTES_MS = 15 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** Reads count against the read limit and the overall one; writes only against the overall one. */
export type RequestClass = 'read' | 'write';

export interface Admission {
  allowed: boolean;
  /** X-RateLimit-* and X-ReadRateLimit-* headers, "15min,daily", usage including this request. */
  headers: Record<string, string>;
}

interface Usage {
  overall: number;
  read: number;
}

export interface WindowUsage extends Usage {
  /** Start of the window (a quarter hour, or a UTC midnight), ISO. */
  start: string;
}

/**
 * Strava's per-app limits: 15-minute windows starting at :00, :15, :30 and :45 UTC, and UTC days. A request
 * made when a window it counts against is already full is refused with 429 — and still counted, as Strava
 * counts rejected calls, so a client that keeps hammering keeps the window full.
 */
export class RateLimiter {
  private readonly quarters = new Map<number, Usage>();
  private readonly days = new Map<number, Usage>();

  constructor(
    private readonly clock: EmulatorClock,
    public limits: StravaRateLimits,
  ) {}

  admit(requestClass: RequestClass): Admission {
    const now = this.clock.nowMs();
    const quarter = usageOf(this.quarters, Math.floor(now / FIFTEEN_MINUTES_MS) * FIFTEEN_MINUTES_MS);
    const day = usageOf(this.days, Math.floor(now / DAY_MS) * DAY_MS);
    const { overall, read } = this.limits;
    const full =
      quarter.overall >= overall.fifteenMinutes ||
      day.overall >= overall.daily ||
      (requestClass === 'read' && (quarter.read >= read.fifteenMinutes || day.read >= read.daily));
    quarter.overall += 1;
    day.overall += 1;
    if (requestClass === 'read') {
      quarter.read += 1;
      day.read += 1;
    }
    return {
      allowed: !full,
      headers: {
        'X-RateLimit-Limit': pair(overall),
        'X-RateLimit-Usage': `${quarter.overall},${day.overall}`,
        'X-ReadRateLimit-Limit': pair(read),
        'X-ReadRateLimit-Usage': `${quarter.read},${day.read}`,
      },
    };
  }

  /** Usage of every window that saw a request, oldest first. */
  windows(): { fifteenMinutes: WindowUsage[]; daily: WindowUsage[] } {
    return { fifteenMinutes: listed(this.quarters), daily: listed(this.days) };
  }

  reset(): void {
    this.quarters.clear();
    this.days.clear();
  }
}

function usageOf(windows: Map<number, Usage>, start: number): Usage {
  let usage = windows.get(start);
  if (!usage) {
    usage = { overall: 0, read: 0 };
    windows.set(start, usage);
  }
  return usage;
}

function pair(limit: RateLimitPair): string {
  return `${limit.fifteenMinutes},${limit.daily}`;
}

function listed(windows: Map<number, Usage>): WindowUsage[] {
  return [...windows]
    .sort(([a], [b]) => a - b)
    .map(([start, usage]) => ({ start: new Date(start).toISOString(), ...usage }));
}
