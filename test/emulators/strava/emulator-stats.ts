import type { WindowUsage } from './rate-limiter.ts';
import type { TokenCounts } from './token-store.ts';
import type { DeliveryCounts } from './webhook-delivery.ts';

/** Everything a test may count on after a run: requests, refusals, faults, tokens and webhook traffic. */
export interface StravaEmulatorStats {
  requests: {
    total: number;
    /** "GET /api/v3/activities/:id" → count (control routes excluded). */
    byEndpoint: Record<string, number>;
    /** Requests answered 429 (they count against the limits all the same). */
    rateLimited: number;
    unauthorized: number;
    serverErrors: number;
    timeouts: number;
  };
  /** Usage per rate-limit window, oldest first. */
  windows: { fifteenMinutes: WindowUsage[]; daily: WindowUsage[] };
  tokens: TokenCounts;
  webhooks: DeliveryCounts;
}

/** The counters the HTTP layer keeps (the other figures come from the stores that own them). */
export class RequestCounters {
  total = 0;
  rateLimited = 0;
  unauthorized = 0;
  serverErrors = 0;
  timeouts = 0;
  readonly byEndpoint = new Map<string, number>();

  count(endpoint: string): void {
    this.total += 1;
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
  }

  reset(): void {
    this.total = 0;
    this.rateLimited = 0;
    this.unauthorized = 0;
    this.serverErrors = 0;
    this.timeouts = 0;
    this.byEndpoint.clear();
  }
}
