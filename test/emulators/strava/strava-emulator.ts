import type { FastifyInstance } from 'fastify';
import { EmulatorClock } from '../emulator-clock.ts';
import { ActivityFactory } from './activity-factory.ts';
import { ActivityStore } from './activity-store.ts';
import { AthleteRegistry } from './athlete-registry.ts';
import type { EmulatorContext } from './emulator-context.ts';
import { RequestCounters, type StravaEmulatorStats } from './emulator-stats.ts';
import { FaultInjector } from './fault-injection.ts';
import { HostilePayloads } from './hostile-payloads.ts';
import { PushSubscriptions } from './push-subscriptions.ts';
import { RateLimiter } from './rate-limiter.ts';
import { StravaFaultBodies } from './strava-fault-bodies.ts';
import { loadStravaTemplates } from './strava-fixture-templates.ts';
import {
  type ActivityPlacement,
  type ActivitySpec,
  type AthleteSpec,
  DEFAULT_STRAVA_RATE_LIMITS,
  type EmulatedActivity,
  type EmulatedAthlete,
  type PushSubscription,
  type RateLimitPair,
  type StravaRateLimits,
  type WebhookEvent,
} from './strava-model.ts';
import { API_PREFIX, buildStravaServer, CONTROL_PREFIX } from './strava-server.ts';
import { type GeneratedStreams, generateStreams } from './stream-generator.ts';
import { TokenStore } from './token-store.ts';
import { type DeliveryResult, WebhookDelivery } from './webhook-delivery.ts';

export interface StravaEmulatorOptions {
  clientId: string;
  clientSecret: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Overrides of Strava's usual 200/2,000 overall and 100/1,000 read limits. */
  limits?: { overall?: Partial<RateLimitPair>; read?: Partial<RateLimitPair> };
  /** Real time unless given; drives token and code expiry, rate-limit windows and event times. */
  clock?: EmulatorClock;
  /** Makes generated activities, streams and faults repeatable. */
  seed?: number;
  /** Strava's behaviour (default true): every refresh issues a new refresh token and kills the old one. */
  rotateRefreshTokens?: boolean;
  /** Pause between webhook delivery attempts, real time (default 1 s). */
  webhookRetryDelayMs?: number;
  /** How long the callback has to answer a validation or an event (default 2 s, as Strava). */
  webhookResponseTimeoutMs?: number;
  /** Where the recorded payloads are (default ../shared/fixtures/api/strava). */
  fixturesDirectory?: string;
}

export interface StravaEmulatorUrls {
  /** Stands for https://www.strava.com: /oauth/authorize, /oauth/token, /oauth/deauthorize. */
  oauthBaseUrl: string;
  /** Stands for https://www.strava.com/api/v3. */
  apiBaseUrl: string;
  /** The /_emulator control surface. */
  controlUrl: string;
}

/** What an activity change returns: the activity, and the webhook delivery when one was asked for. */
export interface ActivityChange {
  activity: EmulatedActivity;
  delivery: Promise<DeliveryResult> | null;
}

export type ActivityChanges = Partial<Omit<EmulatedActivity, 'id' | 'athleteId' | 'streamSeed'>>;

/**
 * A local Strava for end-to-end tests: OAuth with rotating refresh tokens, the activity API with Strava's
 * paging and privacy rules, per-app rate limits with Strava's headers and windows, webhook subscriptions
 * and deliveries with retries, and injectable faults. Answers are built on real recorded payloads.
 */
export class StravaEmulator {
  readonly clock: EmulatorClock;
  readonly faults: FaultInjector;
  /** Bodies Strava would never send, served for chosen requests (see hostile-payloads.ts). */
  readonly hostile = new HostilePayloads();
  private readonly context: EmulatorContext;
  private readonly factory: ActivityFactory;
  private readonly delivery: WebhookDelivery;
  private readonly stopping = new AbortController();
  private readonly pendingDeliveries = new Set<Promise<DeliveryResult>>();
  private server: FastifyInstance | null = null;
  private urls: StravaEmulatorUrls | null = null;

  constructor(private readonly options: StravaEmulatorOptions) {
    const seed = options.seed ?? 1;
    this.clock = options.clock ?? new EmulatorClock();
    this.faults = new FaultInjector(seed + 7919);
    this.factory = new ActivityFactory(seed);
    this.delivery = new WebhookDelivery(this.clock, {
      responseTimeoutMs: options.webhookResponseTimeoutMs ?? 2000,
      retryDelayMs: options.webhookRetryDelayMs ?? 1000,
      retries: 3,
    });
    const templates = loadStravaTemplates(options.fixturesDirectory);
    this.context = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clock: this.clock,
      templates,
      faultBodies: new StravaFaultBodies(templates),
      athletes: new AthleteRegistry(this.clock),
      tokens: new TokenStore(this.clock, { rotateRefreshTokens: options.rotateRefreshTokens ?? true }),
      activities: new ActivityStore(),
      rateLimiter: new RateLimiter(this.clock, mergeLimits(DEFAULT_STRAVA_RATE_LIMITS, options.limits)),
      faults: this.faults,
      hostile: this.hostile,
      counters: new RequestCounters(),
      subscriptions: new PushSubscriptions(this.clock, this.delivery),
      stopping: this.stopping.signal,
      deauthorize: (athleteId) => this.deauthorize(athleteId),
    };
  }

  async start(): Promise<StravaEmulatorUrls> {
    if (this.urls) return this.urls;
    if (this.stopping.signal.aborted) throw new Error('Strava emulator: stopped for good; create a new one');
    this.server = await buildStravaServer(this.context, this);
    await this.server.listen({ host: '127.0.0.1', port: this.options.port ?? 0 });
    const address = this.server.server.address();
    if (!address || typeof address === 'string') throw new Error('Strava emulator: no TCP address');
    const origin = `http://127.0.0.1:${address.port}`;
    this.urls = {
      oauthBaseUrl: origin,
      apiBaseUrl: `${origin}${API_PREFIX}`,
      controlUrl: `${origin}${CONTROL_PREFIX}`,
    };
    return this.urls;
  }

  /** Closes the server and ends everything in flight: held requests, webhook retries, deliveries. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.delivery.close();
    await this.server?.close();
    await Promise.allSettled(this.pendingDeliveries);
    this.server = null;
    this.urls = null;
  }

  get oauthBaseUrl(): string {
    return this.started().oauthBaseUrl;
  }

  get apiBaseUrl(): string {
    return this.started().apiBaseUrl;
  }

  get controlUrl(): string {
    return this.started().controlUrl;
  }

  // Athletes and the strava.com session

  addAthlete(spec: AthleteSpec = {}): EmulatedAthlete {
    return this.context.athletes.add(spec);
  }

  getAthlete(athleteId: number): EmulatedAthlete | undefined {
    return this.context.athletes.get(athleteId);
  }

  /** The runner is logged in on strava.com: GET /oauth/authorize is answered as them from now on. */
  signIn(athleteId: number): void {
    this.context.athletes.signIn(athleteId);
  }

  signOut(): void {
    this.context.athletes.signOut();
  }

  // Activities

  /** Adds `count` generated activities (or one per spec), spread back in time; oldest first. */
  addActivities(
    athleteId: number,
    specsOrCount: number | ActivitySpec[],
    placement: ActivityPlacement = {},
  ): EmulatedActivity[] {
    const athlete = this.context.athletes.require(athleteId);
    const specs =
      typeof specsOrCount === 'number' ? Array.from({ length: specsOrCount }, () => ({})) : specsOrCount;
    const starts = this.factory.placeStarts(specs.length, placement, this.clock.now());
    return specs.map((spec, index) => {
      const activity = this.factory.build(athlete, spec, starts[index]!);
      this.context.activities.add(activity);
      return activity;
    });
  }

  /** One new activity (starting an hour ago unless said otherwise), announced by webhook with `notify`. */
  createActivity(
    athleteId: number,
    spec: ActivitySpec = {},
    options: { notify?: boolean } = {},
  ): ActivityChange {
    const athlete = this.context.athletes.require(athleteId);
    const activity = this.factory.build(athlete, spec, new Date(this.clock.nowMs() - 60 * 60_000));
    this.context.activities.add(activity);
    const delivery = options.notify ? this.notifyActivity(activity, 'create') : null;
    return { activity, delivery };
  }

  /** Changes an activity; with `notify`, the update event carries what Strava reports (title, type, private). */
  updateActivity(
    activityId: number,
    changes: ActivityChanges,
    options: { notify?: boolean } = {},
  ): ActivityChange {
    const activity = this.context.activities.update(activityId, changes);
    const updates: Record<string, string> = {};
    if (changes.name !== undefined) updates.title = changes.name;
    if (changes.sportType !== undefined) updates.type = changes.sportType;
    if (changes.private !== undefined) updates.private = String(changes.private);
    const delivery = options.notify ? this.notifyActivity(activity, 'update', updates) : null;
    return { activity, delivery };
  }

  deleteActivity(activityId: number, options: { notify?: boolean } = {}): ActivityChange {
    const activity = this.context.activities.delete(activityId);
    const delivery = options.notify ? this.notifyActivity(activity, 'delete') : null;
    return { activity, delivery };
  }

  /** The athlete's activities, oldest first, private ones included. */
  listActivities(athleteId: number): EmulatedActivity[] {
    return this.context.activities.listForAthlete(athleteId);
  }

  getActivity(activityId: number): EmulatedActivity | undefined {
    return this.context.activities.get(activityId);
  }

  /** The samples the streams endpoint serves for the activity (null for a manual one). */
  streamsOf(activityId: number): GeneratedStreams | null {
    return generateStreams(this.context.activities.require(activityId));
  }

  // Tokens

  get rotateRefreshTokens(): boolean {
    return this.context.tokens.rotateRefreshTokens;
  }

  set rotateRefreshTokens(rotate: boolean) {
    this.context.tokens.rotateRefreshTokens = rotate;
  }

  /** Makes the current access tokens expired (of one athlete, or all), so the next API call gets a 401. */
  expireAccessTokens(athleteId?: number): void {
    this.context.tokens.expireAccessTokens(athleteId);
  }

  tokensOf(athleteId: number): { refreshToken: string | null; accessTokens: string[] } {
    return this.context.tokens.tokensOf(athleteId);
  }

  /** The athlete revokes the app on strava.com: every token dies and the webhook hears `authorized: "false"`. */
  deauthorize(athleteId: number): Promise<DeliveryResult> {
    this.context.athletes.require(athleteId);
    this.context.tokens.revokeAthlete(athleteId);
    return this.deliverEvent({
      object_type: 'athlete',
      object_id: athleteId,
      aspect_type: 'update',
      owner_id: athleteId,
      updates: { authorized: 'false' },
    });
  }

  // Rate limits

  setLimits(limits: { overall?: Partial<RateLimitPair>; read?: Partial<RateLimitPair> }): void {
    this.context.rateLimiter.limits = mergeLimits(this.context.rateLimiter.limits, limits);
  }

  get limits(): StravaRateLimits {
    return structuredClone(this.context.rateLimiter.limits);
  }

  // Webhooks

  subscription(): PushSubscription | null {
    return this.context.subscriptions.current();
  }

  /** POSTs the event to the subscription's callback, retrying up to 3 times; resolves with the outcome. */
  deliverEvent(event: WebhookEvent): Promise<DeliveryResult> {
    const subscription = this.context.subscriptions.current();
    const delivery = this.delivery.deliver(
      subscription?.callbackUrl ?? null,
      subscription?.id ?? null,
      event,
    );
    this.pendingDeliveries.add(delivery);
    void delivery.finally(() => this.pendingDeliveries.delete(delivery));
    return delivery;
  }

  /** Every delivery so far (those still retrying included), oldest first. */
  deliveries(): DeliveryResult[] {
    return [...this.delivery.log];
  }

  // Stats

  stats(): StravaEmulatorStats {
    const { counters, rateLimiter, tokens } = this.context;
    return {
      requests: {
        total: counters.total,
        byEndpoint: Object.fromEntries(counters.byEndpoint),
        rateLimited: counters.rateLimited,
        unauthorized: counters.unauthorized,
        serverErrors: counters.serverErrors,
        timeouts: counters.timeouts,
      },
      windows: rateLimiter.windows(),
      tokens: { ...tokens.counts },
      webhooks: { ...this.delivery.counts },
    };
  }

  /** Forgets request counts and rate-limit usage (tokens, activities and the subscription stay). */
  resetRequestStats(): void {
    this.context.counters.reset();
    this.context.rateLimiter.reset();
  }

  private notifyActivity(
    activity: EmulatedActivity,
    aspectType: WebhookEvent['aspect_type'],
    updates: Record<string, string> = {},
  ): Promise<DeliveryResult> {
    return this.deliverEvent({
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: aspectType,
      owner_id: activity.athleteId,
      updates,
    });
  }

  private started(): StravaEmulatorUrls {
    if (!this.urls) throw new Error('Strava emulator: call start() first');
    return this.urls;
  }
}

function mergeLimits(
  base: StravaRateLimits,
  overrides: { overall?: Partial<RateLimitPair>; read?: Partial<RateLimitPair> } = {},
): StravaRateLimits {
  return {
    overall: { ...base.overall, ...overrides.overall },
    read: { ...base.read, ...overrides.read },
  };
}
