import type { NotificationKind } from './garmin-emulator.types.ts';

export interface DeliveryCounts {
  deliveries: number;
  delivered: number;
  failed: number;
  skipped: number;
  cancelled: number;
  attempts: number;
}

export interface GarminStatsSnapshot {
  /** Requests by route, e.g. `GET /wellness-api/rest/user/id`. */
  requests: Record<string, number>;
  deliveries: Partial<Record<NotificationKind, DeliveryCounts>>;
  filesServed: number;
  filesRefused: number;
  /** Why downloads were refused, e.g. `file already downloaded`. */
  fileRefusals: Record<string, number>;
  faultsInjected: { serverErrors: number; timeouts: number; rateLimited: number };
  /** Failures of work nothing awaits (a scheduled backfill). */
  backgroundErrors: string[];
}

/** What the emulator has seen and done, for tests to assert on (and for the control surface). */
export class GarminStats {
  private readonly requests: Record<string, number> = {};
  private readonly deliveries: Partial<Record<NotificationKind, DeliveryCounts>> = {};
  private filesServed = 0;
  private readonly fileRefusals: Record<string, number> = {};
  private readonly faults = { serverErrors: 0, timeouts: 0, rateLimited: 0 };
  private readonly backgroundErrors: string[] = [];

  countRequest(route: string): void {
    this.requests[route] = (this.requests[route] ?? 0) + 1;
  }

  countDelivery(
    kind: NotificationKind,
    outcome: keyof Omit<DeliveryCounts, 'deliveries' | 'attempts'>,
    attempts: number,
  ): void {
    const counts = this.deliveries[kind] ?? {
      deliveries: 0,
      delivered: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      attempts: 0,
    };
    counts.deliveries++;
    counts[outcome]++;
    counts.attempts += attempts;
    this.deliveries[kind] = counts;
  }

  countFileServed(): void {
    this.filesServed++;
  }

  countFileRefused(reason: string): void {
    this.fileRefusals[reason] = (this.fileRefusals[reason] ?? 0) + 1;
  }

  countFault(fault: 'server_error' | 'timeout' | 'rate_limited'): void {
    if (fault === 'server_error') this.faults.serverErrors++;
    else if (fault === 'rate_limited') this.faults.rateLimited++;
    else this.faults.timeouts++;
  }

  countBackgroundError(message: string): void {
    this.backgroundErrors.push(message);
  }

  snapshot(): GarminStatsSnapshot {
    return structuredClone({
      requests: this.requests,
      deliveries: this.deliveries,
      filesServed: this.filesServed,
      filesRefused: Object.values(this.fileRefusals).reduce((sum, count) => sum + count, 0),
      fileRefusals: this.fileRefusals,
      faultsInjected: this.faults,
      backgroundErrors: this.backgroundErrors,
    });
  }
}
