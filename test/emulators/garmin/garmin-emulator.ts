import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { EmulatorClock } from '../emulator-clock.ts';
import { GarminActivityBuilder } from './garmin-activity-builder.ts';
import { type BackfillType, GarminBackfillRequests } from './garmin-backfill-requests.ts';
import { registerGarminControlRoutes } from './garmin-control.routes.ts';
import {
  DEFAULT_DELIVERY_POLICY,
  type DeliveryPolicy,
  type GarminActivity,
  type GarminActivitySpec,
  type GarminDailySpec,
  type GarminPermission,
  type NotificationKind,
  type NotificationUrls,
} from './garmin-emulator.types.ts';
import { GarminFaults } from './garmin-faults.ts';
import { GarminFileLinks } from './garmin-file-links.ts';
import { type Delivery, GarminNotificationDelivery } from './garmin-notification-delivery.ts';
import { CONSENT_PATH, registerGarminOAuthRoutes, TOKEN_PATH } from './garmin-oauth.routes.ts';
import { GarminOAuthTokens } from './garmin-oauth-tokens.ts';
import {
  buildActivitiesPush,
  buildActivityDetailsPush,
  buildActivityFilesPing,
  buildDailiesPush,
  buildDailySummary,
  buildDeregistrationPing,
  buildPermissionsChangePing,
  type DailySummaryFields,
  type UserToken,
} from './garmin-payloads.ts';
import { registerGarminRequestHooks } from './garmin-request-hooks.ts';
import { GarminStats, type GarminStatsSnapshot } from './garmin-stats.ts';
import { GarminSummaryStore } from './garmin-summary-store.ts';
import { type GarminUser, GarminUsers } from './garmin-users.ts';
import {
  ACTIVITY_FILE_PATH,
  API_PREFIX,
  registerGarminWellnessApiRoutes,
} from './garmin-wellness-api.routes.ts';
import { PendingTimers } from './pending-timers.ts';

export interface GarminEmulatorOptions {
  clientId: string;
  clientSecret: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  clock?: EmulatorClock;
  /** Seeds the fault injection. */
  seed?: number;
  /** weekwise's endpoints, one per notification kind (full URLs). */
  notificationUrls?: NotificationUrls;
  delivery?: Partial<DeliveryPolicy>;
  /** Real milliseconds between an accepted backfill and its delivery (Garmin: minutes). */
  backfillDelayMs?: number;
}

export interface GarminEmulatorUrls {
  baseUrl: string;
  oauthConfirmUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
}

export type { Delivery } from './garmin-notification-delivery.ts';

/**
 * A local stand-in for Garmin Connect's Activity and Health APIs: OAuth 2.0 with PKCE, the wellness REST
 * API, and the push/ping notifications Garmin sends to an app. weekwise's Garmin importer is pointed at it
 * by base URLs in end-to-end tests. See README.md for what is faithful and what is guessed.
 */
export class GarminEmulator {
  readonly clock: EmulatorClock;
  readonly faults: GarminFaults;
  private readonly users = new GarminUsers();
  private readonly tokens: GarminOAuthTokens;
  private readonly fileLinks: GarminFileLinks;
  private readonly store = new GarminSummaryStore();
  private readonly builder = new GarminActivityBuilder();
  private readonly counters = new GarminStats();
  private readonly timers = new PendingTimers();
  private readonly backfills = new GarminBackfillRequests();
  private readonly delivery: GarminNotificationDelivery;
  private readonly backfillDelayMs: number;
  private notificationUrls: NotificationUrls;
  private server: FastifyInstance | null = null;
  private address: string | null = null;

  constructor(private readonly options: GarminEmulatorOptions) {
    this.clock = options.clock ?? new EmulatorClock();
    this.faults = new GarminFaults(options.seed ?? 1);
    this.tokens = new GarminOAuthTokens(this.clock);
    this.fileLinks = new GarminFileLinks(this.clock);
    this.notificationUrls = { ...options.notificationUrls };
    this.backfillDelayMs = options.backfillDelayMs ?? 200;
    this.delivery = new GarminNotificationDelivery({
      clock: this.clock,
      timers: this.timers,
      stats: this.counters,
      policy: { ...DEFAULT_DELIVERY_POLICY, ...options.delivery },
      urls: () => this.notificationUrls,
    });
  }

  async start(): Promise<GarminEmulatorUrls> {
    if (this.server) throw new Error('Garmin emulator: already started');
    // Stopping must not wait for a request a fault keeps hanging.
    const server = Fastify({ logger: false, forceCloseConnections: true });
    await server.register(formbody);
    registerGarminRequestHooks(server, { stats: this.counters, faults: this.faults, timers: this.timers });
    const context = {
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      clock: this.clock,
      users: this.users,
      tokens: this.tokens,
      fileLinks: this.fileLinks,
      backfills: this.backfills,
      stats: this.counters,
      scheduleBackfill: (userId: string, type: BackfillType, startS: number, endS: number) =>
        this.scheduleBackfill(userId, type, startS, endS),
      notifyDeregistered: (userId: string) => {
        void this.sendDeregistration(userId);
      },
    };
    registerGarminOAuthRoutes(server, context);
    registerGarminWellnessApiRoutes(server, context);
    registerGarminControlRoutes(server, this);
    const address = await server.listen({ host: '127.0.0.1', port: this.options.port ?? 0 });
    this.server = server;
    this.address = address;
    return this.urls();
  }

  /** Cancels every pending timer and delivery, then closes the server. */
  async stop(): Promise<void> {
    this.timers.cancelAll();
    this.delivery.stop();
    await this.delivery.idle();
    await this.server?.close();
    this.server = null;
  }

  urls(): GarminEmulatorUrls {
    return {
      baseUrl: this.baseUrl,
      oauthConfirmUrl: this.oauthConfirmUrl,
      tokenUrl: this.tokenUrl,
      apiBaseUrl: this.apiBaseUrl,
    };
  }

  get baseUrl(): string {
    if (!this.address) throw new Error('Garmin emulator: not started');
    return this.address;
  }

  get oauthConfirmUrl(): string {
    return `${this.baseUrl}${CONSENT_PATH}`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}${TOKEN_PATH}`;
  }

  get apiBaseUrl(): string {
    return `${this.baseUrl}${API_PREFIX}`;
  }

  /** Merges: kinds not named keep their URL; a kind set to undefined is removed. */
  setNotificationUrls(urls: NotificationUrls): void {
    this.notificationUrls = { ...this.notificationUrls, ...urls };
  }

  // --- users and consent -------------------------------------------------------------------------------

  addUser(options: { userId?: string; permissions?: readonly GarminPermission[] } = {}): GarminUser {
    return { ...this.users.add(options) };
  }

  listUsers(): GarminUser[] {
    return this.users.list().map((user) => this.user(user.userId));
  }

  user(userId: string): GarminUser {
    const user = this.users.require(userId);
    return { ...user, permissions: [...user.permissions] };
  }

  /**
   * The browser is signed in to Garmin as this user: the consent page answers at once, agreeing (or, with
   * `decline`, refusing), leaving only `grant` ticked when given.
   */
  signIn(userId: string, options: { decline?: boolean; grant?: readonly GarminPermission[] } = {}): void {
    this.users.signIn(userId, options);
  }

  signOut(): void {
    this.users.signOut();
  }

  expireAccessTokens(userId?: string): void {
    this.tokens.expireAccessTokens(userId);
  }

  // --- data on "Garmin Connect" -----------------------------------------------------------------------

  /** Adds an activity (from a real FIT file, or from values); a multisport file gives a parent with legs. */
  async addActivity(userId: string, spec: GarminActivitySpec): Promise<GarminActivity> {
    this.users.require(userId);
    const activity = await this.builder.build(userId, spec, this.clock.now());
    this.store.addActivity(activity);
    return activity;
  }

  /** Every activity of the user, multisport legs included. */
  activitiesOf(userId: string): GarminActivity[] {
    return this.store.activitiesOf(userId);
  }

  /** Stores days for backfills without sending them. */
  addDailies(userId: string, days: readonly GarminDailySpec[]): DailySummaryFields[] {
    this.users.require(userId);
    const dailies = days.map((day) => buildDailySummary(userId, day));
    this.store.putDailies(userId, dailies);
    return dailies;
  }

  // --- notifications ---------------------------------------------------------------------------------

  pushActivities(
    userId: string,
    activities: readonly GarminActivity[] = this.activitiesOf(userId),
  ): Promise<Delivery> {
    return this.delivery.send('activities', buildActivitiesPush(this.userToken(userId), activities));
  }

  pushActivityDetails(
    userId: string,
    activities: readonly GarminActivity[] = this.activitiesOf(userId),
  ): Promise<Delivery> {
    return this.delivery.send(
      'activityDetails',
      buildActivityDetailsPush(this.userToken(userId), activities),
    );
  }

  /** Pings weekwise with a one-shot, 24-hour callback URL for each activity's FIT file. */
  pingActivityFile(userId: string, activity: GarminActivity | readonly GarminActivity[]): Promise<Delivery> {
    const user = this.userToken(userId);
    const files = [activity].flat().map((each) => {
      if (!each.fitFile) {
        throw new Error(`Garmin emulator: activity ${each.summary.summaryId} has no FIT file to offer`);
      }
      const query = this.fileLinks.issue(userId, each.summary.summaryId, each.fitFile);
      return { activity: each, callbackURL: `${this.baseUrl}${ACTIVITY_FILE_PATH}?${query}` };
    });
    return this.delivery.send('activityFiles', buildActivityFilesPing(user, files));
  }

  /** The user removed the app in Garmin Connect: tokens stop working, weekwise is told. */
  /** The tokens issued to a user (access and refresh), for tests that look for them where they must not be. */
  tokensOf(userId: string): string[] {
    return this.tokens.tokensOf(userId);
  }

  pingDeregistration(userId: string): Promise<Delivery> {
    this.users.require(userId).registered = false;
    this.tokens.revokeUser(userId);
    return this.sendDeregistration(userId);
  }

  /** The user changed what the app may see: the API reports the new permissions, weekwise is told. */
  pingPermissionsChange(userId: string, permissions: readonly GarminPermission[]): Promise<Delivery> {
    this.users.setPermissions(userId, permissions);
    const body = buildPermissionsChangePing(userId, permissions, this.clock.nowEpochSeconds());
    return this.delivery.send('userPermissionsChange', body);
  }

  /** Stores the days (replacing earlier versions) and pushes them. */
  pushDailies(userId: string, days: readonly GarminDailySpec[]): Promise<Delivery> {
    const dailies = this.addDailies(userId, days);
    return this.delivery.send('dailies', buildDailiesPush(this.userToken(userId), dailies));
  }

  /**
   * Sends these exact characters as a notification of this kind, with Garmin's retries: hostile bodies
   * Garmin would never send (wrong types, missing fields, huge lists, JSON nested too deep to re-encode),
   * to test that weekwise refuses them readably and stores nothing half.
   */
  sendNotificationText(kind: NotificationKind, text: string): Promise<Delivery> {
    return this.delivery.sendText(kind, text);
  }

  /** Sends the very same body again (Garmin re-delivers; weekwise must not import twice). */
  redeliver(previous: Delivery): Promise<Delivery> {
    return this.delivery.resend(previous);
  }

  deliveries(): Delivery[] {
    return this.delivery.all();
  }

  lastDelivery(): Delivery | undefined {
    return this.delivery.last();
  }

  /** Resolves once no delivery or scheduled backfill is under way. */
  idle(): Promise<void> {
    return this.delivery.idle();
  }

  stats(): GarminStatsSnapshot {
    return this.counters.snapshot();
  }

  // --- internals ---------------------------------------------------------------------------------------

  /** Garmin names the user's access token in every notification; a user who never connected gets none. */
  private userToken(userId: string): UserToken {
    this.users.require(userId);
    const userAccessToken = this.tokens.latestAccessTokenOf(userId);
    if (!userAccessToken) {
      throw new Error(
        `Garmin emulator: user ${userId} has never authorised the app; Garmin sends them nothing`,
      );
    }
    return { userId, userAccessToken };
  }

  private sendDeregistration(userId: string): Promise<Delivery> {
    return this.delivery.send('deregistrations', buildDeregistrationPing(this.userToken(userId)));
  }

  private scheduleBackfill(userId: string, type: BackfillType, startS: number, endS: number): void {
    const run = async () => {
      if (!(await this.timers.sleep(this.backfillDelayMs))) return;
      if (type === 'dailies') {
        const dailies = this.store.dailiesStartingBetween(userId, startS, endS);
        if (dailies.length > 0)
          await this.delivery.send('dailies', buildDailiesPush(this.userToken(userId), dailies));
        return;
      }
      await this.deliverActivityBackfill(userId, this.store.activitiesStartingBetween(userId, startS, endS));
    };
    // Nothing awaits a backfill: what goes wrong in it is kept for `stats()` rather than lost.
    void this.delivery.track(
      run().catch((error: unknown) =>
        this.counters.countBackgroundError(`backfill of ${type}: ${String(error)}`),
      ),
    );
  }

  /** Summaries first, then details and file pings for the activities configured to send them. */
  private async deliverActivityBackfill(
    userId: string,
    activities: readonly GarminActivity[],
  ): Promise<void> {
    if (activities.length === 0) return;
    await this.pushActivities(userId, activities);
    const withDetails = activities.filter((activity) => activity.deliver.details);
    if (withDetails.length > 0) await this.pushActivityDetails(userId, withDetails);
    const withFiles = activities.filter((activity) => activity.deliver.file && activity.fitFile);
    if (withFiles.length > 0) await this.pingActivityFile(userId, withFiles);
  }
}
