import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../emulator-clock.ts';
import type { WebhookEvent } from './strava-model.ts';

/** What weekwise's callback receives: the event, stamped with the subscription and the emulator's time. */
export type DeliveredEvent = Required<WebhookEvent> & { subscription_id: number | null; event_time: number };

export type AttemptOutcome = number | NoAnswer;
type NoAnswer = 'timeout' | 'network-error' | 'cancelled';

export interface DeliveryResult {
  event: DeliveredEvent;
  delivered: boolean;
  attempts: number;
  /** One entry per attempt: the HTTP status answered, or why there was none. */
  outcomes: AttemptOutcome[];
  finalStatus: AttemptOutcome | 'no-subscription';
}

export interface DeliveryOptions {
  /** Strava waits 2 s for the callback's answer (validation and events alike). */
  responseTimeoutMs: number;
  /** Pause between attempts, real time (Strava's is longer; tests want it short). */
  retryDelayMs: number;
  /** Attempts after the first; Strava retries up to 3 times. */
  retries: number;
}

export interface DeliveryCounts {
  events: number;
  attempts: number;
  delivered: number;
  failed: number;
  validations: number;
  validationsFailed: number;
}

/**
 * Strava's side of webhooks: the subscription handshake (GET with hub.challenge, expecting it echoed within
 * 2 s) and event delivery (POST, expecting 200 within 2 s, retried). Every timer and request in flight is
 * tracked, so `close()` ends them all and a stopped emulator leaves nothing running.
 */
export class WebhookDelivery {
  readonly counts: DeliveryCounts = {
    events: 0,
    attempts: 0,
    delivered: 0,
    failed: 0,
    validations: 0,
    validationsFailed: 0,
  };
  readonly log: DeliveryResult[] = [];
  private readonly stopping = new AbortController();
  private readonly pendingRetries = new Set<{ timer: NodeJS.Timeout; resume: () => void }>();

  constructor(
    private readonly clock: EmulatorClock,
    readonly options: DeliveryOptions,
  ) {}

  /** The subscription handshake; resolves with why it failed, or null when the callback answered right. */
  async verifyCallback(callbackUrl: string, verifyToken: string): Promise<string | null> {
    this.counts.validations += 1;
    const challenge = randomBytes(16).toString('hex');
    const url = new URL(callbackUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.verify_token', verifyToken);
    const failure = await this.request(url, { method: 'GET' }).then(async (answer) => {
      if (typeof answer === 'string') return `the callback did not answer (${answer})`;
      if (answer.status !== 200) return `the callback answered HTTP ${answer.status}`;
      let echoed: unknown;
      try {
        echoed = (JSON.parse(answer.body) as Record<string, unknown>)['hub.challenge'];
      } catch {
        return 'the callback did not answer JSON';
      }
      return echoed === challenge ? null : 'the callback did not echo hub.challenge';
    });
    if (failure) this.counts.validationsFailed += 1;
    return failure;
  }

  /** POSTs the event, retrying on anything but a timely 200; resolves when delivered or given up. */
  async deliver(
    callbackUrl: string | null,
    subscriptionId: number | null,
    event: WebhookEvent,
  ): Promise<DeliveryResult> {
    const delivered: DeliveredEvent = {
      aspect_type: event.aspect_type,
      event_time: this.clock.nowEpochSeconds(),
      object_id: event.object_id,
      object_type: event.object_type,
      owner_id: event.owner_id,
      subscription_id: subscriptionId,
      updates: event.updates ?? {},
    };
    const result: DeliveryResult = {
      event: delivered,
      delivered: false,
      attempts: 0,
      outcomes: [],
      finalStatus: 'no-subscription',
    };
    this.log.push(result);
    if (!callbackUrl) return result;
    this.counts.events += 1;
    const body = JSON.stringify(delivered);
    for (let attempt = 0; attempt <= this.options.retries; attempt += 1) {
      if (attempt > 0 && !(await this.pause())) {
        result.outcomes.push('cancelled');
        break;
      }
      if (this.stopping.signal.aborted) {
        result.outcomes.push('cancelled');
        break;
      }
      result.attempts += 1;
      this.counts.attempts += 1;
      const answer = await this.request(new URL(callbackUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const outcome = typeof answer === 'string' ? answer : answer.status;
      result.outcomes.push(outcome);
      if (outcome === 200) {
        result.delivered = true;
        break;
      }
    }
    result.finalStatus = result.outcomes.at(-1) ?? 'cancelled';
    if (result.delivered) this.counts.delivered += 1;
    else this.counts.failed += 1;
    return result;
  }

  /** Cancels pending retries and requests in flight. */
  close(): void {
    this.stopping.abort();
    for (const pending of this.pendingRetries) {
      clearTimeout(pending.timer);
      pending.resume();
    }
    this.pendingRetries.clear();
  }

  /** Waits the retry delay; false when the emulator stopped meanwhile. */
  private pause(): Promise<boolean> {
    if (this.stopping.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.pendingRetries.delete(pending);
          resolve(true);
        }, this.options.retryDelayMs),
        resume: () => resolve(false),
      };
      this.pendingRetries.add(pending);
    });
  }

  private async request(url: URL, init: RequestInit): Promise<{ status: number; body: string } | NoAnswer> {
    const signal = AbortSignal.any([
      AbortSignal.timeout(this.options.responseTimeoutMs),
      this.stopping.signal,
    ]);
    try {
      const response = await fetch(url, { ...init, signal, redirect: 'manual' });
      return { status: response.status, body: await response.text() };
    } catch {
      if (this.stopping.signal.aborted) return 'cancelled';
      return signal.aborted ? 'timeout' : 'network-error';
    }
  }
}
