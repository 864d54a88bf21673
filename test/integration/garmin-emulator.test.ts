import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeFitFile } from '../../src/fit/decode-fit-file.ts';
import { EmulatorClock } from '../emulators/emulator-clock.ts';
import { GarminEmulator, type GarminEmulatorOptions } from '../emulators/garmin/garmin-emulator.ts';
import type { GarminPermission } from '../emulators/garmin/garmin-emulator.types.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';

const CLIENT_ID = 'weekwise-test-client';
const CLIENT_SECRET = 'weekwise-test-secret';
const REDIRECT_URI = 'http://127.0.0.1:9/connect/garmin/callback';
const HOUR_MS = 60 * 60 * 1000;
const RUN_FILE = 'elevate__trosku.fit';
const MULTISPORT_FILE = 'jimmykane-fit-parser__triathlon_summary_first.fit';
const hasFixtures = sharedFixturesAvailable();

/** weekwise's side of the notifications: records every POST and can be told to fail or stall first. */
class NotificationReceiver {
  readonly server: FastifyInstance = Fastify({ bodyLimit: 50 * 1024 * 1024 });
  readonly received = new Map<string, Array<{ raw: string; body: Record<string, unknown[]> }>>();
  private readonly failures = new Map<string, number>();
  private readonly stalls = new Map<string, number>();
  private baseUrl = '';
  /** Bumped by `clear()`: requests that began before it are ignored. */
  private generation = 0;

  async start(): Promise<void> {
    this.server.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    this.server.post('/garmin/:kind', async (request, reply) => {
      const { kind } = request.params as { kind: string };
      const generation = this.generation;
      const stall = this.stalls.get(kind) ?? 0;
      if (stall > 0) {
        this.stalls.set(kind, 0);
        await new Promise((resolve) => setTimeout(resolve, stall));
        // The emulator gave up waiting (or the test is over): what arrives late must not leak into later tests.
        if (request.socket.destroyed || generation !== this.generation) return reply.code(499).send();
      }
      const failuresLeft = this.failures.get(kind) ?? 0;
      if (failuresLeft > 0) {
        this.failures.set(kind, failuresLeft - 1);
        return reply.code(503).send({ busy: true });
      }
      const raw = request.body as string;
      const list = this.received.get(kind) ?? [];
      list.push({ raw, body: JSON.parse(raw) });
      this.received.set(kind, list);
      return { ok: true };
    });
    this.baseUrl = await this.server.listen({ host: '127.0.0.1', port: 0 });
  }

  url(kind: string): string {
    return `${this.baseUrl}/garmin/${kind}`;
  }

  urls() {
    const kinds = [
      'activities',
      'activityDetails',
      'activityFiles',
      'deregistrations',
      'userPermissionsChange',
      'dailies',
    ];
    return Object.fromEntries(kinds.map((kind) => [kind, this.url(kind)]));
  }

  failNext(kind: string, times: number): void {
    this.failures.set(kind, times);
  }

  stallNext(kind: string, milliseconds: number): void {
    this.stalls.set(kind, milliseconds);
  }

  bodies(kind: string): Array<Record<string, unknown[]>> {
    return (this.received.get(kind) ?? []).map((entry) => entry.body);
  }

  items<T = Record<string, unknown>>(kind: string): T[] {
    return this.bodies(kind).flatMap((body) => body[kind] as T[]);
  }

  clear(): void {
    this.generation++;
    this.received.clear();
    this.failures.clear();
    this.stalls.clear();
  }
}

interface Tokens {
  access_token: string;
  refresh_token: string;
  [field: string]: unknown;
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function requestConsent(emulator: GarminEmulator, query: Record<string, string>): Promise<Response> {
  const url = new URL(emulator.oauthConfirmUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return fetch(url, { redirect: 'manual' });
}

/** Runs the browser half for a signed-in user; returns the code the callback would receive. */
async function authorize(emulator: GarminEmulator, challenge: string, state = 'state-1'): Promise<string> {
  const response = await requestConsent(emulator, {
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code')!;
}

async function postToken(
  emulator: GarminEmulator,
  fields: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...fields }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function connect(emulator: GarminEmulator, userId: string): Promise<Tokens> {
  emulator.signIn(userId);
  const { verifier, challenge } = pkcePair();
  const code = await authorize(emulator, challenge);
  const { status, json } = await postToken(emulator, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT_URI,
  });
  expect(status).toBe(200);
  return json as unknown as Tokens;
}

function api(
  emulator: GarminEmulator,
  path: string,
  accessToken?: string,
  method = 'GET',
): Promise<Response> {
  const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  const url = path.startsWith('http') ? path : `${emulator.apiBaseUrl}${path}`;
  return fetch(url, { method, headers });
}

describe('Garmin emulator', () => {
  const receiver = new NotificationReceiver();
  let emulator: GarminEmulator;

  async function startEmulator(options: Partial<GarminEmulatorOptions> = {}): Promise<GarminEmulator> {
    emulator = new GarminEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      notificationUrls: receiver.urls(),
      delivery: { timeoutMs: 400, maxAttempts: 4, backoffMs: 30 },
      backfillDelayMs: 30,
      ...options,
    });
    await emulator.start();
    return emulator;
  }

  beforeAll(() => receiver.start());
  afterAll(() => receiver.server.close());
  beforeEach(async () => {
    receiver.clear();
    await startEmulator();
  });
  afterEach(() => emulator.stop());

  describe('OAuth 2.0 with PKCE', () => {
    it('lets a standard OAuth client connect; the token reads the user id and the permissions granted', async () => {
      const { userId } = emulator.addUser();
      const granted: GarminPermission[] = ['ACTIVITY_EXPORT', 'HEALTH_EXPORT'];
      emulator.signIn(userId, { grant: granted });
      const server: oauth.AuthorizationServer = {
        issuer: emulator.baseUrl,
        token_endpoint: emulator.tokenUrl,
      };
      const client: oauth.Client = { client_id: CLIENT_ID };
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const consent = await requestConsent(emulator, {
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const callback = oauth.validateAuthResponse(
        server,
        client,
        new URL(consent.headers.get('location')!),
        state,
      );
      const response = await oauth.authorizationCodeGrantRequest(
        server,
        client,
        oauth.ClientSecretPost(CLIENT_SECRET),
        callback,
        REDIRECT_URI,
        verifier,
        { [oauth.allowInsecureRequests]: true },
      );
      const tokens = await oauth.processAuthorizationCodeResponse(server, client, response);
      expect(tokens).toMatchObject({
        token_type: 'bearer',
        expires_in: 86400,
        refresh_token_expires_in: 7776000,
      });
      expect(tokens.refresh_token).toBeTruthy();

      const idResponse = await api(emulator, '/user/id', tokens.access_token);
      expect(await idResponse.json()).toEqual({ userId });
      const permissions = await api(emulator, '/user/permissions', tokens.access_token);
      expect(await permissions.json()).toEqual(granted);
      expect((await api(emulator, '/user/id', 'not-a-token')).status).toBe(401);
      expect((await api(emulator, '/user/id')).status).toBe(401);
    });

    it('checks the verifier against the challenge: a wrong one is invalid_grant, the right one works once', async () => {
      const { userId } = emulator.addUser();
      emulator.signIn(userId);
      const { verifier, challenge } = pkcePair();
      const code = await authorize(emulator, challenge);
      const exchange = (codeVerifier: string) =>
        postToken(emulator, {
          grant_type: 'authorization_code',
          code,
          code_verifier: codeVerifier,
          redirect_uri: REDIRECT_URI,
        });

      const wrong = await exchange(pkcePair().verifier);
      expect(wrong).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
      const right = await exchange(verifier);
      expect(right.status).toBe(200);
      const replay = await exchange(verifier);
      expect(replay).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
      // A replayed code leaked: the tokens it bought are revoked (RFC 6749 §4.1.2).
      expect((await api(emulator, '/user/id', right.json.access_token as string)).status).toBe(401);
    });

    it('refuses a wrong client secret (401 invalid_client) and a code older than 10 minutes', async () => {
      const { userId } = emulator.addUser();
      emulator.signIn(userId);
      const { verifier, challenge } = pkcePair();
      const code = await authorize(emulator, challenge);
      const fields = {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
      };
      const badClient = await postToken(emulator, { ...fields, client_secret: 'guess' });
      expect(badClient).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
      emulator.clock.advance(11 * 60 * 1000);
      expect(await postToken(emulator, fields)).toMatchObject({
        status: 400,
        json: { error: 'invalid_grant' },
      });
    });

    it('rejects requests without an S256 challenge and redirects a declined consent with access_denied', async () => {
      const { userId } = emulator.addUser();
      emulator.signIn(userId, { decline: true });
      const base = {
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        state: 'xyz',
      };
      const { challenge } = pkcePair();
      expect((await requestConsent(emulator, base)).status).toBe(400);
      const plain = await requestConsent(emulator, {
        ...base,
        code_challenge: challenge,
        code_challenge_method: 'plain',
      });
      expect(plain.status).toBe(400);
      const declined = await requestConsent(emulator, {
        ...base,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      expect(declined.status).toBe(302);
      const location = new URL(declined.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('state')).toBe('xyz');
      expect(location.searchParams.has('code')).toBe(false);
    });

    it('shows a consent form when nobody is signed in, and its Agree button issues a code', async () => {
      const { userId } = emulator.addUser();
      const { verifier, challenge } = pkcePair();
      const query = {
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      };
      const page = await requestConsent(emulator, query);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(userId);
      const form = new URLSearchParams({
        ...query,
        userId,
        decision: 'accept',
        permission: 'ACTIVITY_EXPORT',
      });
      const answer = await fetch(emulator.oauthConfirmUrl, {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      const code = new URL(answer.headers.get('location')!).searchParams.get('code')!;
      const tokens = await postToken(emulator, {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
      });
      const permissions = await api(emulator, '/user/permissions', tokens.json.access_token as string);
      expect(await permissions.json()).toEqual(['ACTIVITY_EXPORT']);
    });

    it('rotates refresh tokens: the new pair works, the old refresh token is refused at once', async () => {
      const { userId } = emulator.addUser();
      const first = await connect(emulator, userId);
      const rotated = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
      });
      expect(rotated.status).toBe(200);
      expect(rotated.json.refresh_token).not.toBe(first.refresh_token);
      expect(rotated.json.access_token).not.toBe(first.access_token);
      const replay = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
      });
      expect(replay).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
      expect((await api(emulator, '/user/id', rotated.json.access_token as string)).status).toBe(200);

      emulator.expireAccessTokens();
      expect((await api(emulator, '/user/id', rotated.json.access_token as string)).status).toBe(401);
      const again = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: rotated.json.refresh_token as string,
      });
      expect((await api(emulator, '/user/id', again.json.access_token as string)).status).toBe(200);
    });
  });

  describe('notifications', () => {
    it('retries a push weekwise refuses or does not answer in time, until it answers 200', async () => {
      const { userId } = emulator.addUser();
      await connect(emulator, userId);
      const activity = await emulator.addActivity(userId, { durationInSeconds: 600 });
      receiver.failNext('activities', 2);
      const delivery = await emulator.pushActivities(userId, [activity]);
      expect(delivery.outcome).toBe('delivered');
      expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);

      receiver.stallNext('activities', 1000);
      const late = await emulator.pushActivities(userId, [activity]);
      expect(late.outcome).toBe('delivered');
      expect(late.attempts[0]).toMatchObject({ status: null, error: 'no answer within 400 ms' });
      expect(late.attempts.at(-1)!.status).toBe(200);

      receiver.failNext('activities', 10);
      const refused = await emulator.pushActivities(userId, [activity]);
      expect(refused.outcome).toBe('failed');
      expect(refused.attempts).toHaveLength(4);
      expect(emulator.stats().deliveries.activities).toMatchObject({
        deliveries: 3,
        delivered: 2,
        failed: 1,
      });
    });

    it('pushes summaries that name the user and their current token, and re-delivers the exact same body', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      const activity = await emulator.addActivity(userId, {
        activityType: 'TRAIL_RUNNING',
        startTime: new Date('2026-11-20T07:00:00Z'),
        startTimeOffsetInSeconds: 3600,
        durationInSeconds: 1800,
        distanceInMeters: 5400,
      });
      const delivery = await emulator.pushActivities(userId);
      const [summary] = receiver.items('activities');
      expect(summary).toMatchObject({
        userId,
        userAccessToken: tokens.access_token,
        summaryId: activity.summary.summaryId,
        activityType: 'TRAIL_RUNNING',
        startTimeInSeconds: Date.parse('2026-11-20T07:00:00Z') / 1000,
        startTimeOffsetInSeconds: 3600,
        durationInSeconds: 1800,
        distanceInMeters: 5400,
        averageSpeedInMetersPerSecond: 3,
        manual: false,
      });
      await emulator.redeliver(delivery);
      const raws = receiver.received.get('activities')!.map((entry) => entry.raw);
      expect(raws).toHaveLength(2);
      expect(raws[1]).toBe(raws[0]);

      await emulator.pushActivityDetails(userId);
      const [details] = receiver.items<{
        activityId: number;
        samples: Array<{ startTimeInSeconds: number }>;
      }>('activityDetails');
      expect(details!.activityId).toBe(activity.summary.activityId);
      expect(details!.samples).toHaveLength(1800);
      expect(details!.samples[1]!.startTimeInSeconds - details!.samples[0]!.startTimeInSeconds).toBe(1);
    });

    it('tells weekwise about permission changes, and the API reports the new permissions', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      await emulator.pingPermissionsChange(userId, ['HEALTH_EXPORT']);
      expect(receiver.items('userPermissionsChange')).toMatchObject([
        { userId, permissions: ['HEALTH_EXPORT'] },
      ]);
      const permissions = await api(emulator, '/user/permissions', tokens.access_token);
      expect(await permissions.json()).toEqual(['HEALTH_EXPORT']);
      const from = Math.floor(Date.now() / 1000) - 86_400;
      const backfill = await api(
        emulator,
        `/backfill/activities?summaryStartTimeInSeconds=${from}&summaryEndTimeInSeconds=${from + 3600}`,
        tokens.access_token,
      );
      expect(backfill.status).toBe(403);
    });

    it('deregisters: DELETE answers 204, the tokens stop working and weekwise is notified', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      const response = await api(emulator, '/user/registration', tokens.access_token, 'DELETE');
      expect(response.status).toBe(204);
      await emulator.idle();
      expect(receiver.items('deregistrations')).toEqual([{ userId, userAccessToken: tokens.access_token }]);
      expect((await api(emulator, '/user/id', tokens.access_token)).status).toBe(401);
      const refresh = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      });
      expect(refresh.json.error).toBe('invalid_grant');
      expect(emulator.user(userId).registered).toBe(false);

      // Removing the app on Garmin Connect's side says the same.
      const other = emulator.addUser();
      const otherTokens = await connect(emulator, other.userId);
      await emulator.pingDeregistration(other.userId);
      expect(receiver.items('deregistrations')).toHaveLength(2);
      expect((await api(emulator, '/user/id', otherTokens.access_token)).status).toBe(401);
    });

    it('stop() abandons deliveries still waiting to retry', async () => {
      await emulator.stop();
      await startEmulator({ delivery: { timeoutMs: 400, maxAttempts: 5, backoffMs: 60_000 } });
      const { userId } = emulator.addUser();
      await connect(emulator, userId);
      receiver.failNext('activities', 10);
      const pending = emulator.pushActivities(userId, []);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await emulator.stop();
      const delivery = await pending;
      expect(delivery.outcome).toBe('cancelled');
      expect(delivery.attempts).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('backfill', () => {
    it('answers 202 and pushes the activities of the range later; 409 for the same range, 400 beyond 30 days', async () => {
      // Long enough that "not delivered yet" holds on a busy machine.
      await emulator.stop();
      await startEmulator({ backfillDelayMs: 400 });
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      const day = (date: string) => new Date(`${date}T06:30:00Z`);
      const inside = [
        await emulator.addActivity(userId, { startTime: day('2026-10-05'), durationInSeconds: 120 }),
        await emulator.addActivity(userId, {
          startTime: day('2026-10-20'),
          durationInSeconds: 120,
          manual: true,
        }),
      ];
      await emulator.addActivity(userId, { startTime: day('2026-11-10'), durationInSeconds: 120 });
      const start = Date.parse('2026-10-01T00:00:00Z') / 1000;
      const end = start + 30 * 86_400;
      const path = `/backfill/activities?summaryStartTimeInSeconds=${start}&summaryEndTimeInSeconds=${end}`;

      const accepted = await api(emulator, path, tokens.access_token);
      expect(accepted.status).toBe(202);
      expect(receiver.items('activities')).toHaveLength(0);
      await emulator.idle();
      const summaryIds = receiver
        .items<{ summaryId: string }>('activities')
        .map((summary) => summary.summaryId);
      expect(summaryIds.sort()).toEqual(inside.map((activity) => activity.summary.summaryId).sort());
      // The manual entry has no recording, hence no details.
      expect(
        receiver.items<{ activityId: number }>('activityDetails').map((details) => details.activityId),
      ).toEqual([inside[0]!.summary.activityId]);

      expect((await api(emulator, path, tokens.access_token)).status).toBe(409);
      const tooLong = `/backfill/activities?summaryStartTimeInSeconds=${start}&summaryEndTimeInSeconds=${end + 1}`;
      expect((await api(emulator, tooLong, tokens.access_token)).status).toBe(400);
      expect((await api(emulator, path)).status).toBe(401);
      expect(emulator.stats().requests[`GET /wellness-api/rest/backfill/activities`]).toBe(4);
    });

    it('backfills dailies by push', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      emulator.addDailies(userId, [
        { calendarDate: '2026-11-01', restingHeartRateInBeatsPerMinute: 48, startTimeOffsetInSeconds: 3600 },
        { calendarDate: '2026-11-02', restingHeartRateInBeatsPerMinute: 51, startTimeOffsetInSeconds: 3600 },
        { calendarDate: '2026-12-15' },
      ]);
      const start = Date.parse('2026-10-31T00:00:00Z') / 1000;
      const path = `/backfill/dailies?summaryStartTimeInSeconds=${start}&summaryEndTimeInSeconds=${start + 7 * 86_400}`;
      expect((await api(emulator, path, tokens.access_token)).status).toBe(202);
      await emulator.idle();
      expect(receiver.items('dailies')).toMatchObject([
        {
          userId,
          calendarDate: '2026-11-01',
          restingHeartRateInBeatsPerMinute: 48,
          startTimeInSeconds: Date.parse('2026-10-31T23:00:00Z') / 1000,
          durationInSeconds: 86_400,
        },
        { calendarDate: '2026-11-02', restingHeartRateInBeatsPerMinute: 51 },
      ]);
    });
  });

  describe.skipIf(!hasFixtures)('activities from real FIT files', () => {
    it('summarises a FIT file as weekwise decodes it, with ~1 Hz samples from its records', async () => {
      const { userId } = emulator.addUser();
      const path = fitFixture(RUN_FILE);
      const activity = await emulator.addActivity(userId, { fitFile: path });
      const decoded = await decodeFitFile(readFileSync(path));
      if (decoded.status !== 'activity') throw new Error('fixture no longer decodes');
      const [part] = decoded.activities;
      expect(activity.summary).toMatchObject({
        activityType: 'RUNNING',
        startTimeInSeconds: Math.floor(part!.startTime.getTime() / 1000),
        durationInSeconds: Math.round(part!.elapsedTimeS),
        averageHeartRateInBeatsPerMinute: Math.round(part!.avgHeartRate!),
        maxHeartRateInBeatsPerMinute: Math.round(part!.maxHeartRate!),
      });
      expect(activity.summary.distanceInMeters).toBeCloseTo(part!.distanceM!, 1);
      expect(activity.samples.length).toBeGreaterThan(0.9 * part!.streams!.timeS.length);
      const times = activity.samples.map((sample) => sample.startTimeInSeconds);
      expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true);
      const lastSample = activity.samples.at(-1)!;
      expect(lastSample.totalDistanceInMeters).toBeCloseTo(part!.distanceM!, -2);
      expect(activity.laps[0]!.startTimeInSeconds).toBeGreaterThanOrEqual(
        activity.summary.startTimeInSeconds,
      );
    });

    it('makes a multisport file a parent with its legs', async () => {
      const { userId } = emulator.addUser();
      const parent = await emulator.addActivity(userId, { fitFile: fitFixture(MULTISPORT_FILE) });
      expect(parent.summary).toMatchObject({ activityType: 'MULTI_SPORT', isParent: true });
      expect(parent.children.map((child) => child.summary.activityType)).toEqual([
        'OPEN_WATER_SWIMMING',
        'TRANSITION',
        'CYCLING',
        'TRANSITION',
        'RUNNING',
      ]);
      for (const child of parent.children) {
        expect(child.summary.parentSummaryId).toBe(parent.summary.summaryId);
        expect(child.fitFile).toBeNull();
      }
      const legsSeconds = parent.children.reduce((sum, child) => sum + child.summary.durationInSeconds, 0);
      expect(Math.abs(parent.summary.durationInSeconds - legsSeconds)).toBeLessThan(60);
      expect(emulator.activitiesOf(userId)).toHaveLength(6);
    });

    it('serves the FIT file of a ping once, to its user only, while the link lives', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      const stranger = emulator.addUser();
      const strangerTokens = await connect(emulator, stranger.userId);
      const activity = await emulator.addActivity(userId, { fitFile: fitFixture(RUN_FILE) });
      await emulator.pingActivityFile(userId, activity);
      const [ping] = receiver.items<{ callbackURL: string } & Record<string, unknown>>('activityFiles');
      expect(ping).toMatchObject({
        userId,
        userAccessToken: tokens.access_token,
        summaryId: activity.summary.summaryId,
        activityId: activity.summary.activityId,
        fileType: 'FIT',
        startTimeInSeconds: activity.summary.startTimeInSeconds,
      });

      expect((await api(emulator, ping!.callbackURL)).status).toBe(401);
      expect((await api(emulator, ping!.callbackURL, strangerTokens.access_token)).status).toBe(403);
      const forged = ping!.callbackURL.replace(/token=[^&]+/, 'token=forged');
      expect((await api(emulator, forged, tokens.access_token)).status).toBe(404);
      const download = await api(emulator, ping!.callbackURL, tokens.access_token);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(fitFixture(RUN_FILE)))).toBe(true);
      expect((await api(emulator, ping!.callbackURL, tokens.access_token)).status).toBe(410);
      expect(emulator.stats()).toMatchObject({ filesServed: 1, filesRefused: 4 });
    });

    it('refuses a file link 24 h after it was issued, on the emulator clock', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      const activity = await emulator.addActivity(userId, { fitFile: fitFixture(RUN_FILE) });
      await emulator.pingActivityFile(userId, activity);
      const [ping] = receiver.items<{ callbackURL: string }>('activityFiles');
      emulator.clock.advance(25 * HOUR_MS);
      // The access token has expired too by now: a fresh one, as weekwise would refresh it.
      const fresh = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      });
      const late = await api(emulator, ping!.callbackURL, fresh.json.access_token as string);
      expect(late.status).toBe(410);
      expect(emulator.stats().fileRefusals).toEqual({ 'file link expired': 1 });
    });

    it('delivers summaries, details and a file ping for a backfilled FIT activity', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      const activity = await emulator.addActivity(userId, { fitFile: fitFixture(RUN_FILE) });
      const start = activity.summary.startTimeInSeconds - 3600;
      const path = `/backfill/activities?summaryStartTimeInSeconds=${start}&summaryEndTimeInSeconds=${start + 86_400}`;
      expect((await api(emulator, path, tokens.access_token)).status).toBe(202);
      await emulator.idle();
      expect(receiver.items('activities')).toHaveLength(1);
      expect(receiver.items('activityDetails')).toHaveLength(1);
      const [ping] = receiver.items<{ callbackURL: string }>('activityFiles');
      expect((await api(emulator, ping!.callbackURL, tokens.access_token)).status).toBe(200);
    });
  });

  describe('faults', () => {
    it('answers API calls 500 or 429 or stalls them as configured, without side effects', async () => {
      const { userId } = emulator.addUser();
      const tokens = await connect(emulator, userId);
      emulator.faults.set({ serverErrorRate: 1 });
      expect((await api(emulator, '/user/id', tokens.access_token)).status).toBe(500);
      const refresh = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      });
      expect(refresh.status).toBe(500);
      emulator.faults.set({ serverErrorRate: 0, timeoutRate: 1, hangMs: 300 });
      const started = Date.now();
      expect((await api(emulator, '/user/id', tokens.access_token)).status).toBe(504);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      emulator.faults.set({ timeoutRate: 0, rateLimitedRate: 1 });
      expect((await api(emulator, '/user/id', tokens.access_token)).status).toBe(429);
      emulator.faults.set({ rateLimitedRate: 0 });
      // The faulted refresh did not rotate anything: the refresh token still works.
      const retried = await postToken(emulator, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      });
      expect(retried.status).toBe(200);
      expect(emulator.stats().faultsInjected).toEqual({ serverErrors: 2, timeouts: 1, rateLimited: 1 });
    });

    it('draws the same faults from the same seed', async () => {
      const draws = async (seed: number) => {
        await emulator.stop();
        await startEmulator({ seed });
        const { userId } = emulator.addUser();
        const tokens = await connect(emulator, userId);
        emulator.faults.set({ serverErrorRate: 0.5 });
        const statuses: number[] = [];
        for (let call = 0; call < 12; call++)
          statuses.push((await api(emulator, '/user/id', tokens.access_token)).status);
        return statuses;
      };
      const first = await draws(7);
      expect(first).toContain(500);
      expect(first).toContain(200);
      expect(await draws(7)).toEqual(first);
    });
  });

  it('can be driven by hand through /_emulator', async () => {
    const control = (path: string, body?: unknown, method = 'POST') =>
      fetch(`${emulator.baseUrl}/_emulator${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const user = (await (await control('/users', { permissions: ['ACTIVITY_EXPORT'] })).json()) as {
      userId: string;
    };
    await connect(emulator, user.userId);
    const added = await control(`/users/${user.userId}/activities`, {
      durationInSeconds: 60,
      activityType: 'RUNNING',
    });
    expect(added.status).toBe(200);
    const pushed = (await (await control(`/users/${user.userId}/push-activities`, {})).json()) as {
      outcome: string;
    };
    expect(pushed.outcome).toBe('delivered');
    expect(receiver.items('activities')).toHaveLength(1);
    expect((await control('/users', { permissions: ['NOT_A_PERMISSION'] })).status).toBe(400);
    const stats = (await (await control('/stats', undefined, 'GET')).json()) as { deliveries: object };
    expect(stats.deliveries).toMatchObject({ activities: { delivered: 1 } });
  });

  it('uses the clock it is given', async () => {
    await emulator.stop();
    const clock = new EmulatorClock();
    clock.freeze(new Date('2026-11-22T08:00:00Z'));
    await startEmulator({ clock });
    const { userId } = emulator.addUser();
    await connect(emulator, userId);
    await emulator.pingPermissionsChange(userId, ['ACTIVITY_EXPORT']);
    const [change] = receiver.items<{ changeTimeInSeconds: number }>('userPermissionsChange');
    expect(change!.changeTimeInSeconds).toBe(Date.parse('2026-11-22T08:00:00Z') / 1000);
  });
});
