import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorClock } from '../emulators/emulator-clock.ts';
import {
  authorizeAthlete,
  connectAthlete,
  type StravaTokenAnswer,
} from '../emulators/strava/emulator-oauth-flow.ts';
import { StravaEmulator, type StravaEmulatorOptions } from '../emulators/strava/strava-emulator.ts';
import type { EmulatedActivity } from '../emulators/strava/strava-model.ts';
import { STRAVA_FIXTURES_DIR, sharedFixturesAvailable } from '../support/shared-fixtures.ts';

/**
 * The Strava emulator must behave like Strava where weekwise's importer depends on it; these tests pin that
 * behaviour down over real HTTP, comparing answers with the recorded payloads (read here independently).
 */
const hasFixtures = sharedFixturesAvailable();
const credentials = { clientId: '4242', clientSecret: 'emulator-secret' };

function recorded(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(STRAVA_FIXTURES_DIR, `${name}.json`), 'utf8'));
}

function sortedKeys(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

/** A started emulator for a describe block, stopped after it. */
function useEmulator(options: Partial<StravaEmulatorOptions> = {}): () => StravaEmulator {
  let emulator: StravaEmulator | undefined;
  beforeAll(async () => {
    emulator = new StravaEmulator({ ...credentials, ...options });
    await emulator.start();
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return () => emulator!;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

function api(
  emulator: StravaEmulator,
  token: string,
  path: string,
  parameters: Record<string, string | number> = {},
) {
  const url = new URL(`${emulator.apiBaseUrl}${path}`);
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, String(value));
  return call(url.toString(), { headers: { Authorization: `Bearer ${token}` } });
}

function postToken(emulator: StravaEmulator, parameters: Record<string, string>) {
  return call(`${emulator.oauthBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      ...parameters,
    }),
  });
}

function refresh(emulator: StravaEmulator, refreshToken: string) {
  return postToken(emulator, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** weekwise's side of a webhook: answers validations and events as each test tells it to. */
class WebhookReceiver {
  readonly events: Array<Record<string, unknown>> = [];
  readonly validations: Array<Record<string, string>> = [];
  /** Statuses for the next events (then 200); a negative number = wait that many ms, then answer 200. */
  eventAnswers: number[] = [];
  validation: 'echo' | 'wrong' | { delayMs: number } = 'echo';
  private app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  url = '';

  async start(): Promise<void> {
    this.app.get('/webhook', async (request) => {
      const query = request.query as Record<string, string>;
      this.validations.push(query);
      if (this.validation === 'wrong') return { 'hub.challenge': 'not-the-challenge' };
      if (typeof this.validation === 'object') await sleep(this.validation.delayMs);
      return { 'hub.challenge': query['hub.challenge'] };
    });
    this.app.post('/webhook', async (request, reply) => {
      this.events.push(request.body as Record<string, unknown>);
      const answer = this.eventAnswers.shift() ?? 200;
      if (answer < 0) await sleep(-answer);
      return reply.code(answer < 0 ? 200 : answer).send({});
    });
    await this.app.listen({ host: '127.0.0.1', port: 0 });
    const address = this.app.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhook`;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function subscribe(emulator: StravaEmulator, callbackUrl: string, form = true) {
  const fields = { ...client(), callback_url: callbackUrl, verify_token: 'verify-me-please' };
  return call(`${emulator.apiBaseUrl}/push_subscriptions`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
  });
}

function client(): { client_id: string; client_secret: string } {
  return { client_id: credentials.clientId, client_secret: credentials.clientSecret };
}

describe.skipIf(!hasFixtures)('Strava emulator: OAuth', () => {
  const emulator = useEmulator();

  it('redirects with the state, a code and the granted scopes; the code is exchanged once', async () => {
    const athlete = emulator().addAthlete({ firstname: 'Ana', lastname: 'Martin' });
    const { status, location } = await authorizeAthlete(emulator(), credentials.clientId, athlete.id, {
      redirectUri: 'http://127.0.0.1:9/strava/callback?from=settings',
      scope: 'activity:read_all,profile:read_all,read',
      state: 'xyz',
    });
    expect(status).toBe(302);
    expect(location?.pathname).toBe('/strava/callback');
    expect(location?.searchParams.get('from')).toBe('settings');
    expect(location?.searchParams.get('state')).toBe('xyz');
    expect(location?.searchParams.get('scope')).toBe('read,profile:read_all,activity:read_all');
    const code = location!.searchParams.get('code')!;

    const exchanged = await postToken(emulator(), { grant_type: 'authorization_code', code });
    expect(exchanged.status).toBe(200);
    const token = exchanged.body as StravaTokenAnswer & { athlete: Record<string, unknown> };
    const template = recorded('strava-ruby-client__token_authorization_code');
    expect(sortedKeys(token)).toEqual(sortedKeys(template));
    expect(sortedKeys(token.athlete)).toEqual(sortedKeys(template.athlete));
    expect(token.athlete).toMatchObject({ id: athlete.id, firstname: 'Ana', lastname: 'Martin' });
    expect(token.expires_in).toBe(21600);
    expect(Math.abs(token.expires_at - (emulator().clock.nowMs() / 1000 + 21600))).toBeLessThanOrEqual(2);
    expect(token.access_token).toMatch(/^[0-9a-f]{40}$/);
    expect(token.refresh_token).not.toBe(token.access_token);

    const replayed = await postToken(emulator(), { grant_type: 'authorization_code', code });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toEqual(recorded('strava-ruby-client__token_invalid_code'));
  });

  it('grants what the athlete ticks among what was asked, always with read', async () => {
    const athlete = emulator().addAthlete({ grantedScopes: ['read', 'activity:read'] });
    const partial = await authorizeAthlete(emulator(), credentials.clientId, athlete.id, {
      scope: 'activity:read_all,activity:read',
    });
    expect(partial.location?.searchParams.get('scope')).toBe('read,activity:read');
    const none = await authorizeAthlete(emulator(), credentials.clientId, athlete.id, {
      scope: 'activity:read_all',
    });
    expect(none.location?.searchParams.get('scope')).toBe('read');
  });

  it('redirects with access_denied when the athlete cancels, and answers 401 when nobody is signed in', async () => {
    const athlete = emulator().addAthlete();
    athlete.denies = true;
    const denied = await authorizeAthlete(emulator(), credentials.clientId, athlete.id, { state: 's-2' });
    expect(denied.status).toBe(302);
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('state')).toBe('s-2');
    expect(denied.location?.searchParams.has('code')).toBe(false);

    emulator().signOut();
    const anonymous = await call(
      `${emulator().oauthBaseUrl}/oauth/authorize?client_id=${credentials.clientId}&response_type=code&redirect_uri=http://x/cb`,
    );
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).toMatch(/signIn/);
  });

  it('refuses an unknown client, a wrong secret, a bad request and an expired code like Strava', async () => {
    const athlete = emulator().addAthlete();
    const unknownClient = await postToken(emulator(), {
      client_id: '999',
      grant_type: 'authorization_code',
      code: 'x',
    });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.body).toEqual(recorded('strava-ruby-client__token_invalid_client'));
    const wrongSecret = await postToken(emulator(), {
      client_secret: 'nope',
      grant_type: 'authorization_code',
      code: 'x',
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual(recorded('strava-ruby-client__authorization_error'));
    const badGrant = await postToken(emulator(), { grant_type: 'password' });
    expect(badGrant.status).toBe(400);

    const wrongType = await call(
      `${emulator().oauthBaseUrl}/oauth/authorize?client_id=${credentials.clientId}&response_type=token&redirect_uri=http://x/cb`,
    );
    expect(wrongType.status).toBe(400);
    const wrongClient = await authorizeAthlete(emulator(), '999', athlete.id);
    expect(wrongClient.status).toBe(400);

    const { location } = await authorizeAthlete(emulator(), credentials.clientId, athlete.id);
    emulator().clock.advance(10 * 60_000 + 1000); // codes live 10 minutes
    const expired = await postToken(emulator(), {
      grant_type: 'authorization_code',
      code: location!.searchParams.get('code')!,
    });
    expect(expired.status).toBe(400);
    expect(emulator().stats().tokens.codesRefused).toBeGreaterThanOrEqual(1);
  });

  it('reads token parameters from a form, a JSON body or the query string', async () => {
    const athlete = emulator().addAthlete();
    const codes: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const { location } = await authorizeAthlete(emulator(), credentials.clientId, athlete.id);
      codes.push(location!.searchParams.get('code')!);
    }
    const fields = (code: string) => ({ ...client(), grant_type: 'authorization_code', code });
    const form = await call(`${emulator().oauthBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields(codes[0]!)).toString(),
    });
    const json = await postToken(emulator(), { grant_type: 'authorization_code', code: codes[1]! });
    const query = await call(
      `${emulator().oauthBaseUrl}/oauth/token?${new URLSearchParams(fields(codes[2]!))}`,
      {
        method: 'POST',
      },
    );
    expect([form.status, json.status, query.status]).toEqual([200, 200, 200]);
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: token rotation and expiry', () => {
  const emulator = useEmulator();

  it('issues a new access and refresh token on each refresh; the old refresh token dies at once', async () => {
    const athlete = emulator().addAthlete();
    const first = await connectAthlete(emulator(), credentials, athlete.id);
    const refreshed = await refresh(emulator(), first.refresh_token);
    expect(refreshed.status).toBe(200);
    const second = refreshed.body as StravaTokenAnswer;
    expect(sortedKeys(second)).toEqual(sortedKeys(recorded('strava-ruby-client__token_refresh_token')));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(emulator().tokensOf(athlete.id).refreshToken).toBe(second.refresh_token);

    const stale = await refresh(emulator(), first.refresh_token);
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({
      message: 'Bad Request',
      errors: [{ field: 'refresh_token', code: 'invalid' }],
    });
    expect((await api(emulator(), second.access_token, '/athlete')).status).toBe(200);
    expect(emulator().stats().tokens).toMatchObject({ refreshed: 1, refreshRefused: 1 });
  });

  it('locks out the loser of two simultaneous refreshes with the same token', async () => {
    const athlete = emulator().addAthlete();
    const tokens = await connectAthlete(emulator(), credentials, athlete.id);
    const answers = await Promise.all([
      refresh(emulator(), tokens.refresh_token),
      refresh(emulator(), tokens.refresh_token),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
  });

  it('keeps the refresh token when rotation is off', async () => {
    const athlete = emulator().addAthlete();
    const tokens = await connectAthlete(emulator(), credentials, athlete.id);
    emulator().rotateRefreshTokens = false;
    try {
      const once = (await refresh(emulator(), tokens.refresh_token)).body as StravaTokenAnswer;
      const twice = (await refresh(emulator(), tokens.refresh_token)).body as StravaTokenAnswer;
      expect(once.refresh_token).toBe(tokens.refresh_token);
      expect(twice.refresh_token).toBe(tokens.refresh_token);
      expect(twice.access_token).not.toBe(once.access_token);
    } finally {
      emulator().rotateRefreshTokens = true;
    }
  });

  it('refuses access tokens after 6 hours on its clock, or when expired on purpose', async () => {
    const athlete = emulator().addAthlete();
    const tokens = await connectAthlete(emulator(), credentials, athlete.id);
    expect((await api(emulator(), tokens.access_token, '/athlete')).status).toBe(200);
    emulator().clock.advance(21600 * 1000 + 1000);
    const expired = await api(emulator(), tokens.access_token, '/athlete');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({
      message: recorded('strava-ruby-client__authorization_error').message,
      errors: [{ resource: 'Athlete', field: 'access_token', code: 'invalid' }],
    });
    const renewed = (await refresh(emulator(), tokens.refresh_token)).body as StravaTokenAnswer;
    expect((await api(emulator(), renewed.access_token, '/athlete')).status).toBe(200);
    emulator().expireAccessTokens(athlete.id);
    expect((await api(emulator(), renewed.access_token, '/athlete')).status).toBe(401);
    expect(emulator().stats().requests.unauthorized).toBe(2);
  });

  it('answers GET /athlete with the detailed athlete shape, and activities need an activity scope', async () => {
    const athlete = emulator().addAthlete({ firstname: 'Greta' });
    const tokens = await connectAthlete(emulator(), credentials, athlete.id, { scope: 'read' });
    const profile = await api(emulator(), tokens.access_token, '/athlete');
    expect(sortedKeys(profile.body)).toEqual(sortedKeys(recorded('strava-ruby-client__athlete')));
    expect(profile.body).toMatchObject({ id: athlete.id, firstname: 'Greta', clubs: [], shoes: [] });
    const listing = await api(emulator(), tokens.access_token, '/athlete/activities');
    expect(listing.status).toBe(401);
    expect(listing.body).toMatchObject({ errors: [{ field: 'activity:read_permission', code: 'missing' }] });
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: activities, pagination and privacy', () => {
  const emulator = useEmulator({ seed: 11 });
  let full: StravaTokenAnswer;
  let publicOnly: StravaTokenAnswer;
  let activities: EmulatedActivity[];

  beforeAll(async () => {
    const athlete = emulator().addAthlete({ id: 5001 });
    // A thousand activities cost nothing until their streams are asked for.
    activities = emulator().addActivities(athlete.id, 1000, { everyHours: 6 });
    full = await connectAthlete(emulator(), credentials, athlete.id, { scope: 'read,activity:read_all' });
    publicOnly = await connectAthlete(emulator(), credentials, athlete.id, { scope: 'read,activity:read' });
  });

  it('pages through every activity newest first, 200 at a time', async () => {
    const seen: Array<{ id: number; start_date: string }> = [];
    for (let page = 1; page <= 6; page += 1) {
      const answer = await api(emulator(), full.access_token, '/athlete/activities', { page, per_page: 200 });
      expect(answer.status).toBe(200);
      const items = answer.body as Array<{ id: number; start_date: string }>;
      expect(items).toHaveLength(page <= 5 ? 200 : 0);
      seen.push(...items);
    }
    const starts = seen.map((item) => Date.parse(item.start_date));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(new Set(seen.map((item) => item.id)).size).toBe(1000);
    expect(seen.map((item) => item.id).sort()).toEqual(activities.map((activity) => activity.id).sort());
    expect(emulator().stats().requests.byEndpoint['GET /api/v3/athlete/activities']).toBe(6);
  });

  it('defaults to 30 per page and caps per_page at 200', async () => {
    expect((await api(emulator(), full.access_token, '/athlete/activities')).body).toHaveLength(30);
    expect(
      (await api(emulator(), full.access_token, '/athlete/activities', { per_page: 500 })).body,
    ).toHaveLength(200);
    const garbled = await api(emulator(), full.access_token, '/athlete/activities', { page: 'two' });
    expect(garbled.status).toBe(400);
  });

  it('shapes summaries like the recorded SummaryActivity', async () => {
    const [item] = (await api(emulator(), full.access_token, '/athlete/activities', { per_page: 200 }))
      .body as Array<Record<string, unknown>>;
    const template = recorded('strava-ruby-client__models__summary_activity');
    const newest = activities.at(-1)!;
    expect(item).toMatchObject({
      id: newest.id,
      sport_type: newest.sportType,
      distance: newest.distanceMeters,
    });
    // Every recorded field is there, except those Strava leaves out for what the activity lacks.
    const mayLack = [
      'average_temp',
      'location_city',
      'location_state',
      'location_country',
      'average_heartrate',
    ];
    mayLack.push(
      'max_heartrate',
      'suffer_score',
      'average_cadence',
      'elev_high',
      'elev_low',
      'upload_id',
      'upload_id_str',
    );
    expect(Object.keys(template).filter((key) => !(key in item!) && !mayLack.includes(key))).toEqual([]);
  });

  it('hides private activities from a token without activity:read_all', async () => {
    const privateOnes = activities.filter((activity) => activity.private);
    expect(privateOnes.length).toBeGreaterThan(0);
    const listed: number[] = [];
    for (let page = 1; ; page += 1) {
      const items = (
        await api(emulator(), publicOnly.access_token, '/athlete/activities', { page, per_page: 200 })
      ).body as Array<{ id: number; private: boolean }>;
      listed.push(...items.map((item) => item.id));
      if (items.length < 200) break;
    }
    expect(listed).toHaveLength(1000 - privateOnes.length);
    expect(listed).not.toContain(privateOnes[0]!.id);
    expect((await api(emulator(), publicOnly.access_token, `/activities/${privateOnes[0]!.id}`)).status).toBe(
      404,
    );
    expect((await api(emulator(), full.access_token, `/activities/${privateOnes[0]!.id}`)).status).toBe(200);
  });

  it('filters on exclusive after/before bounds and lists oldest first when only `after` is given', async () => {
    const athlete = emulator().addAthlete();
    const base = Date.parse('2026-05-04T06:00:00Z');
    const specs = [0, 1, 2, 3].map((day) => ({
      startDate: new Date(base + day * 86_400_000),
      private: false,
    }));
    const made = emulator().addActivities(athlete.id, specs);
    const tokens = await connectAthlete(emulator(), credentials, athlete.id);
    const seconds = (index: number) => made[index]!.startDate.getTime() / 1000;
    const ids = async (parameters: Record<string, number>) =>
      (
        (await api(emulator(), tokens.access_token, '/athlete/activities', parameters)).body as Array<{
          id: number;
        }>
      ).map((item) => item.id);
    expect(await ids({ after: seconds(0), before: seconds(3) })).toEqual([made[2]!.id, made[1]!.id]);
    expect(await ids({ after: seconds(0) })).toEqual([made[1]!.id, made[2]!.id, made[3]!.id]);
    expect(await ids({ before: seconds(2) })).toEqual([made[1]!.id, made[0]!.id]);
    expect(await ids({ after: seconds(0), per_page: 1, page: 2 })).toEqual([made[2]!.id]);
  });

  it("answers 404 for an activity that is missing or someone else's", async () => {
    const other = emulator().addAthlete();
    const [theirs] = emulator().addActivities(other.id, [{ private: false }]);
    const answer = await api(emulator(), full.access_token, `/activities/${theirs!.id}`);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ message: 'Record Not Found' });
    expect((await api(emulator(), full.access_token, '/activities/123')).status).toBe(404);
  });

  it('reproduces the recorded time zone fields, DST included', async () => {
    const template = recorded('strava-ruby-client__models__summary_activity');
    const athlete = emulator().addAthlete();
    const [newYork, parisSummer, parisWinter] = emulator().addActivities(athlete.id, [
      { startDate: new Date(template.start_date as string), timeZone: 'America/New_York', private: false },
      { startDate: new Date('2026-07-14T06:30:00Z'), timeZone: 'Europe/Paris', private: false },
      { startDate: new Date('2026-01-14T06:30:00Z'), timeZone: 'Europe/Paris', private: false },
    ]);
    const tokens = await connectAthlete(emulator(), credentials, athlete.id);
    const detail = async (activity: EmulatedActivity) =>
      (await api(emulator(), tokens.access_token, `/activities/${activity.id}`)).body as Record<
        string,
        unknown
      >;
    const recordedFields = ({
      start_date,
      start_date_local,
      timezone,
      utc_offset,
    }: Record<string, unknown>) => ({
      start_date,
      start_date_local,
      timezone,
      utc_offset: Number(utc_offset),
    });
    expect(recordedFields(await detail(newYork!))).toEqual(recordedFields(template));
    expect(await detail(parisSummer!)).toMatchObject({
      start_date_local: '2026-07-14T08:30:00Z',
      timezone: '(GMT+01:00) Europe/Paris',
      utc_offset: 7200,
    });
    expect(await detail(parisWinter!)).toMatchObject({
      start_date_local: '2026-01-14T07:30:00Z',
      utc_offset: 3600,
    });
  });

  it('serves detailed activities shaped like the recorded one', async () => {
    const run = activities.find(
      (activity) => activity.sportType === 'Run' && !activity.manual && activity.hasHeartRate,
    )!;
    const detail = (await api(emulator(), full.access_token, `/activities/${run.id}`)).body as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({
      id: run.id,
      resource_state: 3,
      device_name: run.deviceName,
      average_heartrate: run.averageHeartRate,
      max_heartrate: run.maxHeartRate,
      elapsed_time: run.elapsedSeconds,
      moving_time: run.movingSeconds,
      manual: false,
    });
    const template = recorded('strava-ruby-client__activity');
    const notEmulated = [
      'average_temp',
      'location_city',
      'location_state',
      'location_country',
      'gear',
      'similar_activities',
    ];
    expect(Object.keys(template).filter((key) => !(key in detail) && !notEmulated.includes(key))).toEqual([]);
  });

  it('generates a runner-like, varied and repeatable mix', () => {
    const count = (predicate: (activity: EmulatedActivity) => boolean) => activities.filter(predicate).length;
    expect(count((activity) => activity.sportType === 'Run')).toBeGreaterThan(500);
    for (const sport of ['TrailRun', 'VirtualRun', 'Ride', 'WeightTraining']) {
      expect(count((activity) => activity.sportType === sport)).toBeGreaterThan(5);
    }
    expect(count((activity) => activity.manual)).toBeGreaterThan(5);
    expect(count((activity) => activity.trainer && activity.sportType === 'Run')).toBeGreaterThan(5);
    expect(
      count((activity) => !activity.manual && !activity.hasHeartRate && activity.sportType === 'Run'),
    ).toBeGreaterThan(5);
    expect(activities.every((activity) => activity.elapsedSeconds >= activity.movingSeconds)).toBe(true);
    expect(
      activities.filter((activity) => activity.manual).every((activity) => activity.deviceName === null),
    ).toBe(true);

    const generate = (seed: number) => {
      const fresh = new StravaEmulator({ ...credentials, seed });
      const athlete = fresh.addAthlete({ id: 1 });
      return JSON.stringify(fresh.addActivities(athlete.id, 50, { to: new Date('2026-06-01T00:00:00Z') }));
    };
    expect(generate(3)).toBe(generate(3));
    expect(generate(3)).not.toBe(generate(4));
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: streams', () => {
  const emulator = useEmulator({ seed: 5 });
  let tokens: StravaTokenAnswer;
  let outdoor: EmulatedActivity;
  let withoutHeartRate: EmulatedActivity;
  let manual: EmulatedActivity;
  let treadmill: EmulatedActivity;
  const allKeys = 'time,heartrate,distance,velocity_smooth,altitude,cadence,moving';

  beforeAll(async () => {
    const athlete = emulator().addAthlete();
    [outdoor, withoutHeartRate, manual, treadmill] = emulator().addActivities(athlete.id, [
      {
        sportType: 'Run',
        hasHeartRate: true,
        manual: false,
        trainer: false,
        distanceMeters: 10_000,
        movingSeconds: 3000,
        elapsedSeconds: 3120,
      },
      { sportType: 'Run', hasHeartRate: false, manual: false, trainer: false },
      { sportType: 'Run', manual: true },
      { sportType: 'Run', manual: false, trainer: true, hasHeartRate: true },
    ]) as [EmulatedActivity, EmulatedActivity, EmulatedActivity, EmulatedActivity];
    tokens = await connectAthlete(emulator(), credentials, athlete.id);
  });

  const streams = (activity: EmulatedActivity, parameters: Record<string, string>) =>
    api(emulator(), tokens.access_token, `/activities/${activity.id}/streams`, parameters);

  it('keys streams by type like the recorded StreamSet, all aligned and agreeing with the summary', async () => {
    const answer = await streams(outdoor, { keys: allKeys, key_by_type: 'true' });
    expect(answer.status).toBe(200);
    const set = answer.body as Record<string, { data: number[]; original_size: number }>;
    expect(sortedKeys(set)).toEqual(allKeys.split(',').sort());
    const recordedEntry = Object.values(recorded('strava-ruby-client__activity_streams'))[0];
    for (const entry of Object.values(set)) {
      expect(sortedKeys(entry)).toEqual(sortedKeys(recordedEntry));
      expect(entry.data).toHaveLength(3001);
      expect(entry.original_size).toBe(3001);
    }
    const time = set.time!.data;
    expect(time.every((value, index) => index === 0 || value > time[index - 1]!)).toBe(true);
    expect(time.at(-1)).toBe(outdoor.elapsedSeconds);
    expect(set.distance!.data.at(-1)).toBe(outdoor.distanceMeters);
    const heartRate = set.heartrate!.data;
    const mean = heartRate.reduce((sum, value) => sum + value, 0) / heartRate.length;
    expect(Math.abs(mean - outdoor.averageHeartRate!)).toBeLessThan(3);
    expect(Math.max(...heartRate)).toBe(outdoor.maxHeartRate);
    // Run cadence per leg: about 80–92, half of a runner's 160–184 steps per minute.
    const moving = set.cadence!.data.filter((value) => value > 0);
    const cadence = moving.reduce((sum, value) => sum + value, 0) / moving.length;
    expect(Math.abs(cadence - outdoor.averageCadence!)).toBeLessThan(1);
    expect(cadence).toBeLessThan(100);
    // Same samples every time: generated from the activity's seed, never stored.
    expect((await streams(outdoor, { keys: allKeys, key_by_type: 'true' })).body).toEqual(set);
  });

  it('adds distance to what was asked, and leaves out the streams an activity lacks', async () => {
    expect(sortedKeys((await streams(outdoor, { keys: 'heartrate', key_by_type: 'true' })).body)).toEqual([
      'distance',
      'heartrate',
    ]);
    const noHeartRate = (await streams(withoutHeartRate, { keys: allKeys, key_by_type: 'true' })).body;
    expect(sortedKeys(noHeartRate)).not.toContain('heartrate');
    expect(sortedKeys(noHeartRate)).toContain('cadence');
    expect((await streams(manual, { keys: allKeys, key_by_type: 'true' })).body).toEqual({});
    expect(sortedKeys((await streams(treadmill, { keys: allKeys, key_by_type: 'true' })).body)).not.toContain(
      'altitude',
    );
  });

  it('answers an array of typed streams without key_by_type, like the other recordings', async () => {
    const answer = (await streams(outdoor, { keys: 'time,heartrate' })).body as Array<
      Record<string, unknown>
    >;
    expect(answer.map((entry) => entry.type)).toEqual(['time', 'distance', 'heartrate']);
    const recordedEntry = (
      JSON.parse(
        readFileSync(join(STRAVA_FIXTURES_DIR, 'elevate__sample_streams.fixture.json'), 'utf8'),
      ) as object[]
    )[0];
    for (const entry of answer) expect(sortedKeys(entry)).toEqual(sortedKeys(recordedEntry));
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: rate limits', () => {
  const clock = new EmulatorClock();
  const emulator = useEmulator({ clock, limits: { read: { fifteenMinutes: 100 } } });
  let token = '';
  let athleteId = 0;

  beforeAll(async () => {
    clock.freeze(new Date('2026-03-02T10:14:00Z'));
    athleteId = emulator().addAthlete().id;
    token = (await connectAthlete(emulator(), credentials, athleteId)).access_token;
  });

  it('sends the limit headers on every answer and refuses the 101st read of the window with 429', async () => {
    const unauthorized = await api(emulator(), 'not-a-token', '/athlete');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('x-ratelimit-limit')).toBe('200,2000');
    expect(unauthorized.headers.get('x-readratelimit-limit')).toBe('100,1000');
    expect(unauthorized.headers.get('x-readratelimit-usage')).toBe('1,1');

    const statuses: number[] = [];
    for (let index = 0; index < 99; index += 1)
      statuses.push((await api(emulator(), token, '/athlete')).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = await api(emulator(), token, '/athlete');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(recorded('strava-ruby-client__activity_with_ratelimit_exceeded'));
    // Rejected calls count, as on Strava.
    expect(refused.headers.get('x-readratelimit-usage')).toBe('101,101');
    expect(refused.headers.get('x-ratelimit-usage')).toBe('101,101');
    expect((await api(emulator(), token, '/athlete/activities')).status).toBe(429);
    expect(emulator().stats().requests.rateLimited).toBe(2);
  });

  it('counts writes against the overall limit only, and OAuth calls against nothing', async () => {
    const write = await call(`${emulator().apiBaseUrl}/push_subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: credentials.clientId, client_secret: 'wrong' }),
    });
    expect(write.status).toBe(401);
    expect(write.headers.get('x-ratelimit-usage')).toBe('103,103');
    expect(write.headers.get('x-readratelimit-usage')).toBe('102,102');
    await postToken(emulator(), { grant_type: 'refresh_token', refresh_token: 'unknown' });
    expect(emulator().stats().windows.fifteenMinutes).toEqual([
      { start: '2026-03-02T10:00:00.000Z', overall: 103, read: 102 },
    ]);
  });

  it('opens a new window at the quarter hour while the day keeps counting', async () => {
    clock.set(new Date('2026-03-02T10:14:59.900Z'));
    expect((await api(emulator(), token, '/athlete')).status).toBe(429);
    clock.set(new Date('2026-03-02T10:15:00.000Z'));
    const next = await api(emulator(), token, '/athlete');
    expect(next.status).toBe(200);
    expect(next.headers.get('x-readratelimit-usage')).toBe('1,104');
    expect(
      emulator()
        .stats()
        .windows.fifteenMinutes.map((window) => window.start),
    ).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-02T10:15:00.000Z']);
  });

  it('holds the daily limit until midnight UTC', async () => {
    emulator().setLimits({ read: { daily: 106 } });
    expect((await api(emulator(), token, '/athlete')).status).toBe(200);
    expect((await api(emulator(), token, '/athlete')).status).toBe(200);
    expect((await api(emulator(), token, '/athlete')).status).toBe(429);
    clock.set(new Date('2026-03-02T23:59:00Z'));
    expect((await api(emulator(), token, '/athlete')).status).toBe(429);
    clock.set(new Date('2026-03-03T00:00:00Z'));
    // A new day (and a new token: the first one expired at 16:14).
    token = (await connectAthlete(emulator(), credentials, athleteId)).access_token;
    const answer = await api(emulator(), token, '/athlete');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-readratelimit-usage')).toBe('1,1');
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: the overall limit', () => {
  const emulator = useEmulator({ limits: { overall: { fifteenMinutes: 3 }, read: { fifteenMinutes: 50 } } });

  it('refuses reads and writes alike once the overall window is full', async () => {
    const athlete = emulator().addAthlete();
    const { access_token: token } = await connectAthlete(emulator(), credentials, athlete.id);
    const write = () =>
      call(`${emulator().apiBaseUrl}/push_subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: credentials.clientId, client_secret: 'wrong' }),
      });
    expect((await write()).status).toBe(401);
    expect((await api(emulator(), token, '/athlete')).status).toBe(200);
    expect((await write()).status).toBe(401);
    const refusedRead = await api(emulator(), token, '/athlete');
    expect(refusedRead.status).toBe(429);
    expect(refusedRead.headers.get('x-ratelimit-usage')).toBe('4,4');
    expect(refusedRead.headers.get('x-readratelimit-usage')).toBe('2,2');
    expect((await write()).status).toBe(429);
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: webhooks', () => {
  const emulator = useEmulator({ webhookRetryDelayMs: 20, webhookResponseTimeoutMs: 400 });
  const receiver = new WebhookReceiver();
  let athleteId = 0;

  beforeAll(async () => {
    await receiver.start();
    athleteId = emulator().addAthlete().id;
  });
  afterAll(() => receiver.stop());

  it('delivers nothing without a subscription', async () => {
    const result = await emulator().deliverEvent({
      object_type: 'activity',
      object_id: 1,
      aspect_type: 'create',
      owner_id: 1,
    });
    expect(result).toMatchObject({ delivered: false, attempts: 0, finalStatus: 'no-subscription' });
  });

  it('refuses a callback that does not echo the challenge, or answers too late', async () => {
    receiver.validation = 'wrong';
    const wrong = await subscribe(emulator(), receiver.url);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ errors: [{ resource: 'PushSubscription', code: 'not verifiable' }] });
    receiver.validation = { delayMs: 700 };
    expect((await subscribe(emulator(), receiver.url)).status).toBe(400);
    expect((await subscribe(emulator(), 'http://127.0.0.1:9/unreachable')).status).toBe(400);
    receiver.validation = 'echo';
    expect(emulator().subscription()).toBeNull();
  });

  it('validates the callback, then allows one subscription per app', async () => {
    const created = await subscribe(emulator(), receiver.url);
    expect(created.status).toBe(201);
    expect(sortedKeys(created.body)).toEqual(
      sortedKeys(recorded('strava-ruby-client__create_push_subscription')),
    );
    expect(created.body).toMatchObject({
      application_id: Number(credentials.clientId),
      callback_url: receiver.url,
    });
    const check = receiver.validations.at(-1)!;
    expect(check['hub.mode']).toBe('subscribe');
    expect(check['hub.verify_token']).toBe('verify-me-please');
    expect(check['hub.challenge']).toMatch(/^[0-9a-f]{32}$/);

    const again = await subscribe(emulator(), receiver.url, false);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ errors: [{ code: 'already exists' }] });
    const listed = await call(`${emulator().apiBaseUrl}/push_subscriptions?${new URLSearchParams(client())}`);
    expect(listed.body).toHaveLength(1);
    expect(sortedKeys((listed.body as object[])[0])).toEqual(
      sortedKeys((recorded('strava-ruby-client__push_subscriptions') as unknown as object[])[0]),
    );
  });

  it('POSTs activity events with the subscription id and the emulator time', async () => {
    const subscriptionId = emulator().subscription()!.id;
    const { activity, delivery } = emulator().createActivity(athleteId, { name: 'Tempo' }, { notify: true });
    const result = await delivery!;
    expect(result).toMatchObject({ delivered: true, attempts: 1, finalStatus: 200 });
    expect(receiver.events.at(-1)).toEqual({
      aspect_type: 'create',
      event_time: result.event.event_time,
      object_id: activity.id,
      object_type: 'activity',
      owner_id: athleteId,
      subscription_id: subscriptionId,
      updates: {},
    });
    expect(Math.abs(result.event.event_time - emulator().clock.nowMs() / 1000)).toBeLessThan(5);

    const updated = await emulator().updateActivity(
      activity.id,
      { name: 'Easy', private: true, sportType: 'TrailRun' },
      { notify: true },
    ).delivery;
    expect(updated?.event).toMatchObject({
      aspect_type: 'update',
      updates: { title: 'Easy', type: 'TrailRun', private: 'true' },
    });
    expect(emulator().getActivity(activity.id)?.name).toBe('Easy');
    const deleted = await emulator().deleteActivity(activity.id, { notify: true }).delivery;
    expect(deleted?.event).toMatchObject({ aspect_type: 'delete', object_id: activity.id });
    expect(emulator().getActivity(activity.id)).toBeUndefined();
  });

  it('retries up to three more times until the callback answers 200 in time', async () => {
    const event = {
      object_type: 'activity',
      object_id: 77,
      aspect_type: 'create',
      owner_id: athleteId,
    } as const;
    receiver.eventAnswers = [500, 503, 200];
    expect(await emulator().deliverEvent(event)).toMatchObject({
      delivered: true,
      attempts: 3,
      outcomes: [500, 503, 200],
    });
    receiver.eventAnswers = [-700, 200]; // the first answer comes too late
    expect(await emulator().deliverEvent(event)).toMatchObject({
      delivered: true,
      outcomes: ['timeout', 200],
    });
    receiver.eventAnswers = [500, 500, 500, 500, 500];
    const failed = await emulator().deliverEvent(event);
    expect(failed).toMatchObject({ delivered: false, attempts: 4, finalStatus: 500 });
    receiver.eventAnswers = [];
    expect(emulator().stats().webhooks).toMatchObject({ failed: 1 });
  });

  it('revokes every token on POST /oauth/deauthorize and sends the athlete event', async () => {
    const tokens = await connectAthlete(emulator(), credentials, athleteId);
    const before = receiver.events.length;
    const answer = await call(
      `${emulator().oauthBaseUrl}/oauth/deauthorize?access_token=${tokens.access_token}`,
      {
        method: 'POST',
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: tokens.access_token });
    expect((await api(emulator(), tokens.access_token, '/athlete')).status).toBe(401);
    expect((await refresh(emulator(), tokens.refresh_token)).status).toBe(400);
    await expect.poll(() => receiver.events.length).toBe(before + 1);
    expect(receiver.events.at(-1)).toMatchObject({
      object_type: 'athlete',
      object_id: athleteId,
      owner_id: athleteId,
      aspect_type: 'update',
      updates: { authorized: 'false' },
    });
  });

  it('deletes the subscription', async () => {
    const id = emulator().subscription()!.id;
    const deleted = await call(
      `${emulator().apiBaseUrl}/push_subscriptions/${id}?${new URLSearchParams(client())}`,
      {
        method: 'DELETE',
      },
    );
    expect(deleted.status).toBe(204);
    expect(
      (await call(`${emulator().apiBaseUrl}/push_subscriptions?${new URLSearchParams(client())}`)).body,
    ).toEqual([]);
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: webhook timing with the real defaults', () => {
  it('gives the callback 2 s to answer the challenge', async () => {
    const emulator = new StravaEmulator(credentials);
    const receiver = new WebhookReceiver();
    await Promise.all([emulator.start(), receiver.start()]);
    try {
      receiver.validation = { delayMs: 2300 };
      expect((await subscribe(emulator, receiver.url)).status).toBe(400);
      receiver.validation = { delayMs: 1200 };
      expect((await subscribe(emulator, receiver.url)).status).toBe(201);
    } finally {
      await Promise.all([emulator.stop(), receiver.stop()]);
    }
  });

  it('ends pending retries when stopped', async () => {
    const emulator = new StravaEmulator({ ...credentials, webhookRetryDelayMs: 60_000 });
    const receiver = new WebhookReceiver();
    await Promise.all([emulator.start(), receiver.start()]);
    try {
      expect((await subscribe(emulator, receiver.url)).status).toBe(201);
      receiver.eventAnswers = [500];
      const delivery = emulator.deliverEvent({
        object_type: 'athlete',
        object_id: 1,
        aspect_type: 'update',
        owner_id: 1,
      });
      await expect.poll(() => receiver.events.length).toBe(1);
      const started = Date.now();
      await emulator.stop();
      expect(await delivery).toMatchObject({ delivered: false, attempts: 1, finalStatus: 'cancelled' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await Promise.all([emulator.stop(), receiver.stop()]);
    }
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: faults', () => {
  const emulator = useEmulator({ seed: 21 });
  let athleteId = 0;

  beforeAll(() => {
    athleteId = emulator().addAthlete().id;
  });

  it('answers 5xx with a JSON body and the limit headers, without touching state', async () => {
    const tokens = await connectAthlete(emulator(), credentials, athleteId);
    emulator().faults.set({ serverErrorRate: 1 });
    try {
      const failed = await api(emulator(), tokens.access_token, '/athlete');
      expect([500, 502, 503]).toContain(failed.status);
      expect(failed.body).toMatchObject({ message: expect.any(String) });
      expect(failed.headers.get('x-ratelimit-usage')).toBe('1,1');
      const failedRefresh = await refresh(emulator(), tokens.refresh_token);
      expect([500, 502, 503]).toContain(failedRefresh.status);
    } finally {
      emulator().faults.clear();
    }
    // The failed refresh did not rotate: the refresh token still works, once.
    expect(emulator().tokensOf(athleteId).refreshToken).toBe(tokens.refresh_token);
    expect((await refresh(emulator(), tokens.refresh_token)).status).toBe(200);
    expect(emulator().stats().requests).toMatchObject({ serverErrors: 2 });
    expect(emulator().stats().requests.byEndpoint['GET /api/v3/athlete']).toBe(1);
  });

  it('holds a call for timeoutMs and then answers 504, with nothing done', async () => {
    const tokens = await connectAthlete(emulator(), credentials, athleteId);
    emulator().faults.set({ timeoutRate: 1, timeoutMs: 250 });
    const started = Date.now();
    try {
      const held = await refresh(emulator(), tokens.refresh_token);
      expect(held.status).toBe(504);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    } finally {
      emulator().faults.clear();
    }
    expect(emulator().tokensOf(athleteId).refreshToken).toBe(tokens.refresh_token);
  });

  it('never answers a held call without timeoutMs, until the client gives up', async () => {
    const tokens = await connectAthlete(emulator(), credentials, athleteId);
    emulator().faults.set({ timeoutRate: 1, timeoutMs: null });
    try {
      await expect(
        fetch(`${emulator().apiBaseUrl}/athlete`, {
          headers: { Authorization: `Bearer ${tokens.access_token}` },
          signal: AbortSignal.timeout(300),
        }),
      ).rejects.toThrow();
    } finally {
      emulator().faults.clear();
    }
    expect(emulator().stats().requests.timeouts).toBeGreaterThanOrEqual(2);
    expect((await api(emulator(), tokens.access_token, '/athlete')).status).toBe(200);
  });

  it('draws faults from the seed: the same seed fails the same calls', async () => {
    const run = async (seed: number) => {
      const fresh = new StravaEmulator({ ...credentials, seed });
      await fresh.start();
      try {
        const athlete = fresh.addAthlete();
        const tokens = await connectAthlete(fresh, credentials, athlete.id);
        fresh.faults.set({ serverErrorRate: 0.3 });
        const statuses: number[] = [];
        for (let index = 0; index < 60; index += 1)
          statuses.push((await api(fresh, tokens.access_token, '/athlete')).status);
        return statuses;
      } finally {
        await fresh.stop();
      }
    };
    const first = await run(99);
    expect(first).toEqual(await run(99));
    const failures = first.filter((status) => status >= 500).length;
    expect(failures).toBeGreaterThan(6);
    expect(failures).toBeLessThan(36);
  });

  it('lets go of a held call when stopped', async () => {
    const fresh = new StravaEmulator(credentials);
    await fresh.start();
    const athlete = fresh.addAthlete();
    const tokens = await connectAthlete(fresh, credentials, athlete.id);
    fresh.faults.set({ timeoutRate: 1 });
    const held = fetch(`${fresh.apiBaseUrl}/athlete`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    }).then(
      (response) => response.status,
      () => 'closed',
    );
    await expect.poll(() => fresh.stats().requests.timeouts).toBe(1);
    const started = Date.now();
    await fresh.stop();
    expect([504, 'closed']).toContain(await held);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe.skipIf(!hasFixtures)('Strava emulator: control surface', () => {
  const emulator = useEmulator();
  const control = (path: string, method = 'GET', body?: unknown) =>
    call(`${emulator().controlUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  it('drives athletes, activities, the clock, faults and limits over HTTP, uncounted', async () => {
    const created = await control('/athletes', 'POST', { firstname: 'Hugo', activities: 5, signIn: true });
    expect(created.status).toBe(201);
    const { athlete, activityIds } = created.body as { athlete: { id: number }; activityIds: number[] };
    expect(activityIds).toHaveLength(5);
    expect((await control(`/athletes/${athlete.id}`)).body).toMatchObject({ activityCount: 5 });
    const tokens = await connectAthlete(emulator(), credentials, athlete.id);
    expect((await api(emulator(), tokens.access_token, '/athlete')).body).toMatchObject({
      firstname: 'Hugo',
    });

    const clock = await control('/clock', 'POST', { set: '2027-01-01T00:00:00Z', freeze: true });
    expect(clock.body).toEqual({ now: '2027-01-01T00:00:00.000Z' });
    expect((await control('/clock', 'POST', { advanceMs: 90_000 })).body).toEqual({
      now: '2027-01-01T00:01:30.000Z',
    });

    const added = await control(`/athletes/${athlete.id}/activities`, 'POST', {
      specs: [{ sportType: 'TrailRun', distanceMeters: 21_100, startDate: '2026-12-31T08:00:00Z' }],
    });
    expect((added.body as { activities: EmulatedActivity[] }).activities[0]).toMatchObject({
      sportType: 'TrailRun',
      distanceMeters: 21_100,
    });
    expect(
      (await control(`/athletes/${athlete.id}/activities`, 'POST', { specs: [{ distanceMeters: -1 }] }))
        .status,
    ).toBe(400);

    expect((await control('/faults', 'POST', { serverErrorRate: 0.5 })).body).toMatchObject({
      serverErrorRate: 0.5,
    });
    await control('/faults', 'DELETE');
    expect((await control('/limits', 'POST', { read: { fifteenMinutes: 7 } })).body).toMatchObject({
      read: { fifteenMinutes: 7, daily: 1000 },
    });
    const stats = (await control('/stats')).body as {
      requests: { total: number; byEndpoint: Record<string, number> };
    };
    expect(Object.keys(stats.requests.byEndpoint).some((endpoint) => endpoint.includes('_emulator'))).toBe(
      false,
    );
    expect(stats.requests.byEndpoint['GET /api/v3/athlete']).toBe(1);
  });
});
