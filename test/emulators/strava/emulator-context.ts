import type { EmulatorClock } from '../emulator-clock.ts';
import type { ActivityStore } from './activity-store.ts';
import type { AthleteRegistry } from './athlete-registry.ts';
import type { RequestCounters } from './emulator-stats.ts';
import type { FaultInjector } from './fault-injection.ts';
import type { HostilePayloads } from './hostile-payloads.ts';
import type { PushSubscriptions } from './push-subscriptions.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { StravaFaultBodies } from './strava-fault-bodies.ts';
import type { StravaTemplates } from './strava-fixture-templates.ts';
import type { TokenStore } from './token-store.ts';
import type { DeliveryResult } from './webhook-delivery.ts';

/** What the route files share: the emulated app's state and the pieces that shape its answers. */
export interface EmulatorContext {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clock: EmulatorClock;
  readonly templates: StravaTemplates;
  readonly faultBodies: StravaFaultBodies;
  readonly athletes: AthleteRegistry;
  readonly tokens: TokenStore;
  readonly activities: ActivityStore;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  /** Hostile bodies served instead of the real answers, for chosen requests. */
  readonly hostile: HostilePayloads;
  readonly counters: RequestCounters;
  readonly subscriptions: PushSubscriptions;
  /** Aborted when the emulator stops, so held (timed-out) requests let go. */
  readonly stopping: AbortSignal;
  /** Revokes the athlete's grant and tells the app's webhook (POST /oauth/deauthorize, and tests). */
  deauthorize(athleteId: number): Promise<DeliveryResult>;
}
