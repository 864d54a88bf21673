import type { EmulatorClock } from '../emulator-clock.ts';
import type { DeliveryPolicy, NotificationKind, NotificationUrls } from './garmin-emulator.types.ts';
import type { GarminStats } from './garmin-stats.ts';
import type { PendingTimers } from './pending-timers.ts';

export interface DeliveryAttempt {
  attempt: number;
  /** On the emulator clock. */
  at: Date;
  /** The receiver's HTTP status; null when it did not answer in time or could not be reached. */
  status: number | null;
  error: string | null;
  elapsedMs: number;
}

export interface Delivery {
  id: number;
  kind: NotificationKind;
  url: string | null;
  /** The exact JSON text sent, so a re-delivery can send the very same bytes. */
  body: string;
  outcome: 'pending' | 'delivered' | 'failed' | 'cancelled' | 'skipped';
  /** Why a delivery was skipped or failed. */
  reason: string | null;
  attempts: DeliveryAttempt[];
}

interface DeliveryDependencies {
  clock: EmulatorClock;
  timers: PendingTimers;
  stats: GarminStats;
  policy: DeliveryPolicy;
  urls: () => NotificationUrls;
}

/**
 * POSTs notifications to weekwise the way Garmin does: JSON, success only on HTTP 200, anything else (or
 * no answer in time) retried with doubling waits until the attempts run out.
 */
export class GarminNotificationDelivery {
  private readonly deliveries: Delivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopController = new AbortController();
  private nextId = 1;

  constructor(private readonly dependencies: DeliveryDependencies) {}

  send(kind: NotificationKind, payload: unknown): Promise<Delivery> {
    return this.sendText(kind, JSON.stringify(payload));
  }

  /** A body as these exact characters (a hostile one need not be JSON). */
  sendText(kind: NotificationKind, text: string): Promise<Delivery> {
    return this.start(kind, this.dependencies.urls()[kind] ?? null, text);
  }

  /** Sends the same body again, to the same URL: Garmin re-delivers, and weekwise must not import twice. */
  resend(previous: Delivery): Promise<Delivery> {
    return this.start(
      previous.kind,
      previous.url ?? this.dependencies.urls()[previous.kind] ?? null,
      previous.body,
    );
  }

  all(): Delivery[] {
    return [...this.deliveries];
  }

  last(): Delivery | undefined {
    return this.deliveries.at(-1);
  }

  /** Runs background work (a scheduled backfill) so `idle()` waits for it and errors are not lost. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves when no delivery and no background work is under way. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Abandons every delivery under way (their outcome becomes `cancelled`). */
  stop(): void {
    this.stopController.abort();
  }

  private start(kind: NotificationKind, url: string | null, body: string): Promise<Delivery> {
    const delivery: Delivery = {
      id: this.nextId++,
      kind,
      url,
      body,
      outcome: 'pending',
      reason: null,
      attempts: [],
    };
    this.deliveries.push(delivery);
    return this.track(this.run(delivery));
  }

  private async run(delivery: Delivery): Promise<Delivery> {
    const { policy, timers, stats } = this.dependencies;
    if (delivery.url === null) {
      return this.finish(delivery, 'skipped', `no notification URL configured for ${delivery.kind}`);
    }
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      if (attempt > 1) {
        const waited = await timers.sleep(policy.backoffMs * 2 ** (attempt - 2));
        if (!waited) return this.finish(delivery, 'cancelled', 'emulator stopped');
      }
      if (this.stopController.signal.aborted) return this.finish(delivery, 'cancelled', 'emulator stopped');
      const result = await this.attempt(delivery.url, delivery.body);
      delivery.attempts.push({ attempt, ...result });
      if (result.status === 200) return this.finish(delivery, 'delivered', null);
    }
    const last = delivery.attempts.at(-1);
    const reason = last?.error ?? `weekwise answered ${last?.status}`;
    stats.countDelivery(delivery.kind, 'failed', delivery.attempts.length);
    delivery.outcome = 'failed';
    delivery.reason = `gave up after ${delivery.attempts.length} attempts: ${reason}`;
    return delivery;
  }

  private async attempt(url: string, body: string): Promise<Omit<DeliveryAttempt, 'attempt'>> {
    const at = this.dependencies.clock.now();
    const startedMs = Date.now();
    const signal = AbortSignal.any([
      AbortSignal.timeout(this.dependencies.policy.timeoutMs),
      this.stopController.signal,
    ]);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal,
      });
      await response.arrayBuffer();
      return { at, status: response.status, error: null, elapsedMs: Date.now() - startedMs };
    } catch (error) {
      let message = `could not reach weekwise (${describeError(error)})`;
      if (this.stopController.signal.aborted) message = 'emulator stopped';
      else if (signal.aborted) message = `no answer within ${this.dependencies.policy.timeoutMs} ms`;
      return { at, status: null, error: message, elapsedMs: Date.now() - startedMs };
    }
  }

  private finish(
    delivery: Delivery,
    outcome: 'delivered' | 'cancelled' | 'skipped',
    reason: string | null,
  ): Delivery {
    delivery.outcome = outcome;
    delivery.reason = reason;
    this.dependencies.stats.countDelivery(delivery.kind, outcome, delivery.attempts.length);
    return delivery;
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
