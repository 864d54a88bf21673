import type { EmulatorClock } from '../emulator-clock.ts';
import type { PushSubscription } from './strava-model.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';

export type SubscribeOutcome =
  | { ok: true; subscription: PushSubscription }
  | { ok: false; field: string; code: string; reason: string };

/** The app's webhook subscription: Strava allows one per application. */
export class PushSubscriptions {
  private subscription: PushSubscription | null = null;
  private nextId = 131_300;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly delivery: WebhookDelivery,
  ) {}

  current(): PushSubscription | null {
    return this.subscription;
  }

  async subscribe(
    callbackUrl: string | undefined,
    verifyToken: string | undefined,
  ): Promise<SubscribeOutcome> {
    if (this.subscription)
      return { ok: false, field: '', code: 'already exists', reason: 'a subscription already exists' };
    if (!callbackUrl || !URL.canParse(callbackUrl)) {
      return { ok: false, field: 'callback_url', code: 'invalid', reason: 'callback_url is not a URL' };
    }
    const failure = await this.delivery.verifyCallback(callbackUrl, verifyToken ?? '');
    if (failure) return { ok: false, field: 'callback url', code: 'not verifiable', reason: failure };
    // Checked again: two subscribe calls may have been verifying at the same time.
    if (this.subscription)
      return { ok: false, field: '', code: 'already exists', reason: 'a subscription already exists' };
    this.subscription = {
      id: this.nextId,
      callbackUrl,
      verifyToken: verifyToken ?? '',
      createdAt: this.clock.now(),
    };
    this.nextId += 1;
    return { ok: true, subscription: this.subscription };
  }

  unsubscribe(id: number): boolean {
    if (this.subscription?.id !== id) return false;
    this.subscription = null;
    return true;
  }
}
