/**
 * The rate-limit governor: one per provider and deployment, shared by every process (in Redis) or by the
 * only one (in memory). It reserves a slot before each request and learns from each response's headers,
 * so a spent window delays work instead of earning 429s. Provider-agnostic: a provider's client parses its
 * own headers into a RateLimitObservation.
 */

/** Reads count against both the read and the overall limits; writes only against the overall ones. */
export type RequestClass = 'read' | 'write';

/** The two families of limits: every request, and reads only. */
export type LimitScope = 'overall' | 'read';

/** A number per window: requests allowed, used, … */
export interface WindowCounts {
  fifteenMinutes: number;
  daily: number;
}

export interface RateLimits {
  overall: WindowCounts;
  read: WindowCounts;
}

export type Reservation =
  | { granted: true }
  | {
      granted: false;
      /** When the window that refused resets (the latest of them, when several are spent). */
      retryAt: Date;
      /** E.g. "read limit 100/15 min reached". */
      reason: string;
    };

/** What one response's headers said; what they did not say is null. */
export interface RateLimitObservation {
  limits: { overall: WindowCounts | null; read: WindowCounts | null };
  usage: { overall: WindowCounts | null; read: WindowCounts | null };
}

export interface WindowState {
  used: number;
  limit: number;
  resetsAt: Date;
}

/** What the CLI shows: each window's use and limit right now, and when it resets. */
export interface RateLimitSnapshot {
  provider: string;
  overall: { fifteenMinutes: WindowState; daily: WindowState };
  read: { fifteenMinutes: WindowState; daily: WindowState };
}

export interface RateLimitGovernorOptions {
  /** E.g. 'strava'. */
  provider: string;
  /** The limits assumed until a response's headers tell the real ones (configured, never hard-coded). */
  assumedLimits: RateLimits;
}

export interface RateLimitGovernor {
  /** Atomically reserves one request at `now`; never grants a request it knows will be refused. */
  reserve(requestClass: RequestClass, now: Date): Promise<Reservation>;
  /**
   * Learns limits and usage from a response's parsed headers (usage only ever moves up within a window).
   * `now` is when the answer arrived; a 429 without headers marks the current 15-minute windows full.
   */
  observe(observation: RateLimitObservation | null, now: Date, status: number): Promise<void>;
  /** What the CLI shows: used and limit of each window right now, and when each resets. */
  snapshot(now: Date): Promise<RateLimitSnapshot>;
}
