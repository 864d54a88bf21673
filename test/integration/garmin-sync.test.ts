import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { createConnectLink } from '../../src/providers/connect-link.ts';
import { findConnection, tokenAssociatedData } from '../../src/providers/connections/connection.store.ts';
import { BACKFILL_WINDOW_S, garminBackfillWindows } from '../../src/providers/garmin/garmin-backfill.ts';
import { queueGarminCatchUp } from '../../src/providers/garmin/garmin-backfill-requests.ts';
import { ACTIVITIES_WITHDRAWN_REASON } from '../../src/providers/garmin/garmin-permissions.ts';
import { requestGarminSync } from '../../src/providers/garmin/garmin-sync.ts';
import type { GarminActivity } from '../emulators/garmin/garmin-emulator.types.ts';
import { type GarminHarness, startGarminHarness } from '../support/garmin-harness.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable, redisAvailable } from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { capturingLogger, silentLogger } from '../support/test-logger.ts';

const servicesUp = (await postgresAvailable()) && (await redisAvailable()) && sharedFixturesAvailable();
const DAY_MS = 24 * 3600_000;

describe.skipIf(!servicesUp)('Garmin sync end to end (emulator, PostgreSQL, Redis, two workers)', () => {
  const stack = useScratchStack({ redis: true });
  const logs = capturingLogger();
  let harness: GarminHarness;
  let runner: { userId: string };
  let run: GarminActivity;
  const pool = () => stack.database.pool;
  const athleteIdOf = async (email: string) =>
    (await stack.database.prisma.athlete.findUniqueOrThrow({ where: { email } })).id;

  /** Every activity of the athlete with its sources (sorted), and which source its samples came from. */
  const activitiesOf = async (email: string) => {
    const { rows } = await pool().query<{
      id: string;
      sport: string;
      parentId: string | null;
      startTime: Date;
      providers: string[];
      streamsProvider: string | null;
      heartRateSamples: number;
      updatedAt: Date;
    }>(
      `SELECT a.id, a.sport, a.parent_id AS "parentId", a.start_time AS "startTime",
         array_agg(s.provider::text ORDER BY s.provider::text) AS providers,
         (SELECT w.provider::text FROM activity_source w WHERE w.id = a.streams_source_id) AS "streamsProvider",
         a.heart_rate_samples AS "heartRateSamples", a.updated_at AS "updatedAt"
       FROM activity a JOIN athlete t ON t.id = a.athlete_id JOIN activity_source s ON s.activity_id = a.id
       WHERE t.email = $1 GROUP BY a.id ORDER BY a.start_time, a.sport`,
      [email],
    );
    return rows;
  };
  const activityWithGarminId = async (garminActivityId: number) => {
    const { rows } = await pool().query<{ activityId: string }>(
      `SELECT activity_id AS "activityId" FROM activity_source WHERE provider = 'garmin' AND external_id = $1`,
      [String(garminActivityId)],
    );
    return rows[0]?.activityId ?? null;
  };

  beforeAll(async () => {
    harness = await startGarminHarness(stack, { logger: logs.logger });
    // Early in an hour, so that the backfill windows of the first tests do not move under them.
    harness.clock.set(new Date(Math.floor(Date.now() / 3600_000) * 3600_000 + 5 * 60_000));
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('connects with PKCE: a code redeemed with another flow’s verifier is refused, the real flow connects', async () => {
    runner = harness.garmin.addUser();
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'runner@weekwise.test');
    harness.garmin.signIn(runner.userId);
    // Two flows started by weekwise, each answered by Garmin's consent page with its own code.
    const startFlow = async () => {
      const link = createConnectLink(harness.providers.signer, harness.publicUrl, {
        athleteId: athlete.id,
        provider: 'garmin',
        now: harness.clock.now(),
      });
      const consent = new URL((await fetch(link, { redirect: 'manual' })).headers.get('location')!);
      const callback = new URL((await fetch(consent, { redirect: 'manual' })).headers.get('location')!);
      return { consent, callback };
    };
    const first = await startFlow();
    const second = await startFlow();
    expect(first.consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(first.consent.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(first.consent.searchParams.get('code_challenge')).not.toBe(
      second.consent.searchParams.get('code_challenge'),
    );
    expect(first.consent.search).not.toMatch(/verifier/);

    // The first flow's code with the second flow's state: weekwise sends the second verifier, Garmin refuses.
    const crossed = new URL(first.callback);
    crossed.searchParams.set('state', second.callback.searchParams.get('state')!);
    const refused = await fetch(crossed);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('invalid_grant');
    expect(await findConnection(pool(), 'garmin', { externalAthleteId: runner.userId })).toBeNull();

    // History already on Garmin: within the year asked for, and one run from before it.
    const now = harness.clock.nowMs();
    const recent = await harness.garmin.addActivity(runner.userId, {
      startTime: new Date(now - 10 * DAY_MS),
    });
    const older = await harness.garmin.addActivity(runner.userId, {
      startTime: new Date(now - 200 * DAY_MS),
    });
    const tooOld = await harness.garmin.addActivity(runner.userId, {
      startTime: new Date(now - 420 * DAY_MS),
    });
    const day = new Date(now - 3 * DAY_MS).toISOString().slice(0, 10);
    harness.garmin.addDailies(runner.userId, [{ calendarDate: day, restingHeartRateInBeatsPerMinute: 49 }]);

    const page = await fetch(first.callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Garmin is connected');
    const connection = (await findConnection(pool(), 'garmin', { externalAthleteId: runner.userId }))!;
    expect(connection.status).toBe('active');
    expect(connection.grantedScopes).toEqual(expect.arrayContaining(['ACTIVITY_EXPORT', 'HEALTH_EXPORT']));
    const { rows } = await pool().query('SELECT * FROM provider_connection WHERE id = $1', [connection.id]);
    const accessToken = harness.providers.cipher.decrypt(
      rows[0].access_token_enc,
      tokenAssociatedData(connection.id, 'access'),
    );
    // The stored token is Garmin's (it reads the user id), and is stored encrypted only.
    expect(await harness.providers.garmin!.client.userId(accessToken)).toBe(runner.userId);
    expect(JSON.stringify(rows)).not.toContain(accessToken);

    await harness.waitForIdle();
    // History asked for in 30-day windows: one request per window and summary type, all accepted.
    const windows = garminBackfillWindows(harness.clock.now(), 365);
    expect(windows.every((window) => window.endS - window.startS <= BACKFILL_WINDOW_S)).toBe(true);
    const requests = harness.garmin.stats().requests;
    expect(requests['GET /wellness-api/rest/backfill/activities']).toBe(windows.length);
    expect(requests['GET /wellness-api/rest/backfill/dailies']).toBe(windows.length);
    expect(await activityWithGarminId(recent.summary.activityId)).not.toBeNull();
    expect(await activityWithGarminId(older.summary.activityId)).not.toBeNull();
    expect(await activityWithGarminId(tooOld.summary.activityId)).toBeNull();
    const resting = await pool().query(
      `SELECT value, source FROM athlete_threshold WHERE athlete_id = $1 AND kind = 'resting_hr' AND valid_from = $2`,
      [athlete.id, day],
    );
    expect(resting.rows).toEqual([{ value: 49, source: 'provider' }]);
    // Garmin names the runner's token in every notification: it is not kept in the inbox.
    const inbox = await pool().query(`SELECT payload::text AS payload FROM provider_event`);
    expect(inbox.rows.length).toBeGreaterThan(0);
    for (const row of inbox.rows) expect(row.payload).not.toContain('userAccessToken');
  }, 60_000);

  it('asks again on `weekwise sync --provider garmin`: windows already asked are answered 409, nothing comes twice', async () => {
    const before = harness.garmin.stats();
    const deliveriesBefore = harness.garmin.deliveries().length;
    // A minute later: the same windows (they move on the hour), asked again.
    harness.clock.advance(60_000);
    const { links, requests } = await requestGarminSync(stack.database, harness.queue, {
      now: harness.clock.now(),
      days: 365,
    });
    await harness.waitForIdle();
    expect(links).toBe(1);
    const after = harness.garmin.stats();
    const asked = (stats: typeof before) =>
      (stats.requests['GET /wellness-api/rest/backfill/activities'] ?? 0) +
      (stats.requests['GET /wellness-api/rest/backfill/dailies'] ?? 0);
    expect(asked(after) - asked(before)).toBe(requests);
    // The same hour, the same windows: Garmin refuses them all as repeats and pushes nothing.
    expect(harness.garmin.deliveries().length).toBe(deliveriesBefore);
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM provider_event WHERE processed_at IS NULL OR last_error IS NOT NULL`,
    );
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it('asks again, at the sweep, what Redis lost before Garmin answered it, and every window ends answered', async () => {
    const unanswered = async () =>
      (
        await pool().query<{ n: number }>(
          'SELECT count(*)::int AS n FROM garmin_backfill_request WHERE answered_at IS NULL',
        )
      ).rows[0]!.n;
    const asked = () => {
      const requests = harness.garmin.stats().requests;
      return (
        (requests['GET /wellness-api/rest/backfill/activities'] ?? 0) +
        (requests['GET /wellness-api/rest/backfill/dailies'] ?? 0)
      );
    };
    expect(await unanswered()).toBe(0); // the connect and the sync above were all answered
    // The requests are queued, then Redis loses them before a worker takes one.
    const sync = harness.queue.queue('sync');
    await sync.pause();
    harness.clock.advance(60_000);
    const { requests } = await requestGarminSync(stack.database, harness.queue, {
      now: harness.clock.now(),
      days: 365,
    });
    await sync.obliterate({ force: true });
    await sync.resume();
    expect(await unanswered()).toBe(requests);
    const askedBefore = asked();

    // The sweep leaves alone what may still be waiting in a queue…
    expect(await queueGarminCatchUp(stack.database, harness.queue, harness.clock.now())).toEqual({
      queued: 0,
    });
    // …and asks again, as new jobs, what has waited ten minutes.
    harness.clock.advance(11 * 60_000);
    expect(await queueGarminCatchUp(stack.database, harness.queue, harness.clock.now())).toEqual({
      queued: requests,
    });
    await harness.waitForIdle();
    expect(asked() - askedBefore).toBe(requests);
    expect(await unanswered()).toBe(0);
    expect(await queueGarminCatchUp(stack.database, harness.queue, harness.clock.now())).toEqual({
      queued: 0,
    });
  }, 60_000);

  it('stores pushed summaries and details as one activity with Garmin samples; a re-delivery changes nothing', async () => {
    run = await harness.garmin.addActivity(runner.userId, { fitFile: fitFixture('elevate__trosku.fit') });
    const summaries = await harness.garmin.pushActivities(runner.userId, [run]);
    const details = await harness.garmin.pushActivityDetails(runner.userId, [run]);
    expect([summaries.outcome, details.outcome]).toEqual(['delivered', 'delivered']);
    await harness.waitForIdle();
    const activityId = (await activityWithGarminId(run.summary.activityId))!;
    const before = (await activitiesOf('runner@weekwise.test')).find((row) => row.id === activityId)!;
    expect(before).toMatchObject({ sport: 'running', providers: ['garmin'], streamsProvider: 'garmin' });
    expect(before.heartRateSamples).toBeGreaterThan(1000);
    const analysed = await pool().query('SELECT 1 FROM activity_analysis WHERE activity_id = $1', [
      activityId,
    ]);
    expect(analysed.rows).toHaveLength(1);

    const eventsBefore = await pool().query('SELECT count(*)::int AS n FROM provider_event');
    expect((await harness.garmin.redeliver(summaries)).outcome).toBe('delivered');
    expect((await harness.garmin.redeliver(details)).outcome).toBe('delivered');
    await harness.waitForIdle();
    const eventsAfter = await pool().query('SELECT count(*)::int AS n FROM provider_event');
    expect(eventsAfter.rows[0].n).toBe(eventsBefore.rows[0].n);
    const after = (await activitiesOf('runner@weekwise.test')).find((row) => row.id === activityId)!;
    expect(after).toEqual(before);
  }, 60_000);

  it('fetches a pinged FIT file once and imports it: a FIT source whose samples win over Garmin’s', async () => {
    const analysisOf = async (activityId: string) =>
      (
        await pool().query<{ inputsKey: string; computedAt: Date }>(
          'SELECT inputs_key AS "inputsKey", computed_at AS "computedAt" FROM activity_analysis WHERE activity_id = $1',
          [activityId],
        )
      ).rows;
    const fromDetails = await analysisOf((await activityWithGarminId(run.summary.activityId))!);
    const ping = await harness.garmin.pingActivityFile(runner.userId, run);
    await harness.waitForIdle();
    const activityId = (await activityWithGarminId(run.summary.activityId))!;
    const activity = (await activitiesOf('runner@weekwise.test')).find((row) => row.id === activityId)!;
    expect(activity).toMatchObject({ providers: ['fit_file', 'garmin'], streamsProvider: 'fit_file' });
    const log = await pool().query(
      `SELECT file_name, status, activity_ids FROM import_log WHERE file_name = $1`,
      [`garmin-${run.summary.activityId}.fit`],
    );
    expect(log.rows).toEqual([
      { file_name: `garmin-${run.summary.activityId}.fit`, status: 'imported', activity_ids: [activityId] },
    ]);
    // The analysis made from Garmin's details was made again from the file's samples.
    const fromFile = await analysisOf(activityId);
    expect(fromFile).toHaveLength(1);
    expect(fromFile[0]!.inputsKey).not.toBe('');
    expect(fromFile[0]!.computedAt.getTime()).toBeGreaterThan(fromDetails[0]!.computedAt.getTime());

    // Garmin re-sends the ping: the link is not fetched again (it would be refused: one download only).
    await harness.garmin.redeliver(ping);
    await harness.waitForIdle();
    expect(harness.garmin.stats().filesServed).toBe(1);
    expect(harness.garmin.stats().filesRefused).toBe(0);
    expect(await activitiesOf('runner@weekwise.test')).toHaveLength(3);
  }, 60_000);

  it('keeps a multisport parent and its legs together, whichever arrives first, and the file joins them', async () => {
    const triathlon = await harness.garmin.addActivity(runner.userId, {
      fitFile: fitFixture('jimmykane-fit-parser__triathlon_summary_first.fit'),
    });
    expect(triathlon.children.length).toBe(5);
    await harness.garmin.pushActivities(runner.userId, triathlon.children);
    await harness.waitForIdle();
    await harness.garmin.pushActivities(runner.userId, [triathlon]);
    await harness.waitForIdle();
    const parentId = (await activityWithGarminId(triathlon.summary.activityId))!;
    const legs = await Promise.all(
      triathlon.children.map((child) => activityWithGarminId(child.summary.activityId)),
    );
    const stored = await activitiesOf('runner@weekwise.test');
    const byId = new Map(stored.map((row) => [row.id, row]));
    expect(byId.get(parentId)).toMatchObject({ sport: 'multisport', parentId: null });
    expect(legs.map((leg) => byId.get(leg!)?.parentId)).toEqual(legs.map(() => parentId));
    expect(legs.map((leg) => byId.get(leg!)?.sport)).toEqual([
      'swimming',
      'transition',
      'cycling',
      'transition',
      'running',
    ]);

    await harness.garmin.pingActivityFile(runner.userId, triathlon);
    await harness.waitForIdle();
    const joined = await activitiesOf('runner@weekwise.test');
    expect(joined).toHaveLength(stored.length);
    for (const id of [parentId, ...legs]) {
      expect(joined.find((row) => row.id === id)?.providers).toEqual(['fit_file', 'garmin']);
    }
    expect(joined.filter((row) => row.parentId === parentId)).toHaveLength(5);
  }, 60_000);

  it('records an expired file link (25 hours later) as a failed import with the reason, refreshing the token on the way', async () => {
    const late = await harness.garmin.addActivity(runner.userId, {
      fitFile: fitFixture('elevate__portland.fit'),
    });
    await harness.garmin.pushActivities(runner.userId, [late]);
    await harness.waitForIdle();
    // The ping reaches weekwise a day and an hour after Garmin issued its link.
    const target = harness.garmin.urls();
    const activityFilesUrl = harness.notificationUrl('activity-files');
    harness.garmin.setNotificationUrls({ activityFiles: undefined });
    const ping = await harness.garmin.pingActivityFile(runner.userId, late);
    expect(ping.outcome).toBe('skipped');
    harness.clock.advance(25 * 3600_000);
    harness.garmin.setNotificationUrls({ activityFiles: activityFilesUrl });
    expect((await harness.garmin.redeliver(ping)).outcome).toBe('delivered');
    await harness.waitForIdle();
    expect(target.apiBaseUrl).toContain('/wellness-api/rest');

    const fileName = `garmin-${late.summary.activityId}.fit`;
    const log = await pool().query('SELECT status, reason FROM import_log WHERE file_name = $1', [fileName]);
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0].status).toBe('failed');
    expect(log.rows[0].reason).toMatch(/expired or was already used \(HTTP 410\)/);
    expect(harness.garmin.stats().fileRefusals).toMatchObject({ 'file link expired': 1 });
    // The 24-hour access token had expired too: weekwise refreshed it (Garmin rotated the refresh token).
    const connection = (await findConnection(pool(), 'garmin', { externalAthleteId: runner.userId }))!;
    expect(connection.status).toBe('active');
    expect(connection.accessExpiresAt!.getTime()).toBeGreaterThan(harness.clock.nowMs());
    expect(harness.garmin.stats().requests['POST /di-oauth2-service/oauth/token']).toBe(3);
    // The summary stays, with Garmin's samples as the best there is.
    const activityId = (await activityWithGarminId(late.summary.activityId))!;
    expect(
      (await activitiesOf('runner@weekwise.test')).find((row) => row.id === activityId)?.providers,
    ).toEqual(['garmin']);
  }, 60_000);

  it("sets the runner's resting heart rate from dailies, and analyses again; a re-delivery changes nothing", async () => {
    const athleteId = await athleteIdOf('runner@weekwise.test');
    const date = new Date(harness.clock.nowMs() - DAY_MS).toISOString().slice(0, 10);
    const resting = () =>
      pool().query<{ value: number; source: string }>(
        `SELECT value, source FROM athlete_threshold WHERE athlete_id = $1 AND kind = 'resting_hr' AND valid_from = $2`,
        [athleteId, date],
      );
    const state = async () =>
      (
        await pool().query<{ changed: number; analysed: number }>(
          `SELECT change_count AS changed, analysed_count AS analysed FROM athlete_analysis_state WHERE athlete_id = $1`,
          [athleteId],
        )
      ).rows[0]!;
    const pushed = await harness.garmin.pushDailies(runner.userId, [
      { calendarDate: date, restingHeartRateInBeatsPerMinute: 47 },
    ]);
    await harness.waitForIdle();
    expect((await resting()).rows).toEqual([{ value: 47, source: 'provider' }]);
    const afterFirst = await state();
    expect(afterFirst.analysed).toBe(afterFirst.changed);

    await harness.garmin.redeliver(pushed);
    await harness.waitForIdle();
    expect(await state()).toEqual(afterFirst);

    // Garmin revises the day: the same summary with a new value replaces it.
    await harness.garmin.pushDailies(runner.userId, [
      { calendarDate: date, restingHeartRateInBeatsPerMinute: 45 },
    ]);
    await harness.waitForIdle();
    expect((await resting()).rows).toEqual([{ value: 45, source: 'provider' }]);
    const afterRevision = await state();
    expect(afterRevision.changed).toBe(afterFirst.changed + 1);
    expect(afterRevision.analysed).toBe(afterRevision.changed);
  }, 60_000);

  it('stops what the runner no longer allows: dailies without HEALTH_EXPORT, everything without ACTIVITY_EXPORT', async () => {
    const other = harness.garmin.addUser();
    await harness.connect('garmin', 'permissions@weekwise.test', other.userId);
    await harness.waitForIdle();
    const athleteId = await athleteIdOf('permissions@weekwise.test');
    const date = new Date(harness.clock.nowMs() - 2 * DAY_MS).toISOString().slice(0, 10);

    // A forged notification withdrawing everything (its sender knows our token: the second line holds):
    // weekwise asks Garmin, which still grants both.
    const granted = (await findConnection(pool(), 'garmin', { externalAthleteId: other.userId }))
      ?.grantedScopes;
    const forged = await fetch(harness.notificationUrl('user-permissions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        userPermissionsChange: [
          {
            userId: other.userId,
            permissions: [],
            changeTimeInSeconds: Math.floor(harness.clock.nowMs() / 1000),
          },
        ],
      }),
    });
    expect(forged.status).toBe(200);
    await harness.waitForIdle();
    const afterForgery = await findConnection(pool(), 'garmin', { externalAthleteId: other.userId });
    expect(afterForgery?.status).toBe('active');
    expect(afterForgery?.grantedScopes).toEqual(granted);

    await harness.garmin.pingPermissionsChange(other.userId, ['ACTIVITY_EXPORT']);
    await harness.waitForIdle();
    expect(
      (await findConnection(pool(), 'garmin', { externalAthleteId: other.userId }))?.grantedScopes,
    ).toEqual(['ACTIVITY_EXPORT']);
    await harness.garmin.pushDailies(other.userId, [
      { calendarDate: date, restingHeartRateInBeatsPerMinute: 50 },
    ]);
    const first = await harness.garmin.addActivity(other.userId, {
      startTime: new Date(harness.clock.nowMs() - DAY_MS),
    });
    await harness.garmin.pushActivities(other.userId, [first]);
    await harness.waitForIdle();
    const thresholds = await pool().query('SELECT 1 FROM athlete_threshold WHERE athlete_id = $1', [
      athleteId,
    ]);
    expect(thresholds.rows).toHaveLength(0);
    expect(await activityWithGarminId(first.summary.activityId)).not.toBeNull();

    await harness.garmin.pingPermissionsChange(other.userId, ['HEALTH_EXPORT']);
    await harness.waitForIdle();
    const stopped = await findConnection(pool(), 'garmin', { externalAthleteId: other.userId });
    expect(stopped).toMatchObject({ status: 'needs_reauth', statusReason: ACTIVITIES_WITHDRAWN_REASON });
    const second = await harness.garmin.addActivity(other.userId, {
      startTime: new Date(harness.clock.nowMs() - 2 * 3600_000),
    });
    await harness.garmin.pushActivities(other.userId, [second]);
    await harness.waitForIdle();
    expect(await activityWithGarminId(second.summary.activityId)).toBeNull();

    // Given back on Garmin Connect: the link works again (Garmin kept its tokens valid).
    await harness.garmin.pingPermissionsChange(other.userId, ['ACTIVITY_EXPORT', 'HEALTH_EXPORT']);
    await harness.waitForIdle();
    expect((await findConnection(pool(), 'garmin', { externalAthleteId: other.userId }))?.status).toBe(
      'active',
    );
    const third = await harness.garmin.addActivity(other.userId, {
      startTime: new Date(harness.clock.nowMs() - 3600_000),
    });
    await harness.garmin.pushActivities(other.userId, [third]);
    await harness.waitForIdle();
    expect(await activityWithGarminId(third.summary.activityId)).not.toBeNull();
  }, 60_000);

  it('refuses a notification without our webhook token, or with a wrong one, and stores nothing', async () => {
    const body = JSON.stringify({
      deregistrations: [{ userId: runner.userId, userAccessToken: 'guessed' }],
    });
    const send = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const eventsBefore = await pool().query('SELECT count(*)::int AS n FROM provider_event');
    const right = new URL(harness.notificationUrl('deregistrations'));
    const wrong = new URL(right);
    wrong.searchParams.set('token', `${right.searchParams.get('token')!.slice(0, -1)}x`);
    const bare = new URL(right);
    bare.search = '';
    const doubled = `${bare.toString()}?token=${wrong.searchParams.get('token')}&token=${right.searchParams.get('token')}`;
    for (const url of [bare.toString(), wrong.toString(), doubled]) {
      const refused = await send(url);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: expect.stringMatching(/needs the token/) });
    }
    expect((await pool().query('SELECT count(*)::int AS n FROM provider_event')).rows[0].n).toBe(
      eventsBefore.rows[0].n,
    );
    expect(logs.lines.join('')).toMatch(/Garmin notification without our token: refused/);
    expect((await findConnection(pool(), 'garmin', { externalAthleteId: runner.userId }))?.status).toBe(
      'active',
    );
  });

  it('answers a body that is not Garmin’s with a 400 that says why, and ignores users it does not know', async () => {
    const post = (path: string, body: unknown) =>
      fetch(harness.notificationUrl(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const missing = await post('activities', { activities: [{ userId: runner.userId }] });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toMatch(/item 0: summaryId is missing/);
    const wrongEnvelope = await post('activity-files', { activities: [] });
    expect(wrongEnvelope.status).toBe(400);
    expect(((await wrongEnvelope.json()) as { error: string }).error).toMatch(/activityFiles is missing/);
    const notAList = await post('dailies', { dailies: 'all of them' });
    expect(notAList.status).toBe(400);

    const before = await pool().query('SELECT count(*)::int AS n FROM provider_event');
    const stranger = await post('activities', {
      activities: [{ userId: 'someone-weekwise-never-met', summaryId: '1', activityId: 1 }],
    });
    expect(stranger.status).toBe(200);
    expect((await pool().query('SELECT count(*)::int AS n FROM provider_event')).rows[0].n).toBe(
      before.rows[0].n,
    );

    // A ping naming another address than Garmin's: the runner's token is not sent there.
    const elsewhere = await post('activity-files', {
      activityFiles: [
        {
          userId: runner.userId,
          summaryId: '31',
          activityId: 31,
          fileType: 'FIT',
          callbackURL: 'http://127.0.0.1:9/f',
        },
      ],
    });
    expect(elsewhere.status).toBe(200);
    await harness.waitForIdle();
    const refusedFile = await pool().query(
      `SELECT status, reason FROM import_log WHERE file_name = 'garmin-31.fit'`,
    );
    expect(refusedFile.rows).toEqual([
      { status: 'failed', reason: "the file's address is not Garmin's API; it was not fetched" },
    ]);

    // Readable at the door, broken inside: stored, then ended for good with the reason on the event.
    const broken = await post('activity-details', {
      activityDetails: [
        {
          userId: runner.userId,
          summaryId: '999-detail',
          activityId: run.summary.activityId,
          samples: [{ startTimeInSeconds: run.summary.startTimeInSeconds, heartRate: 'fast' }],
        },
      ],
    });
    expect(broken.status).toBe(200);
    await harness.waitForIdle();
    const event = await pool().query(
      `SELECT processed_at IS NOT NULL AS processed, last_error FROM provider_event WHERE dedupe_key LIKE 'activity-details:999-detail:%'`,
    );
    expect(event.rows).toEqual([
      { processed: true, last_error: expect.stringMatching(/samples\[0\]\.heartRate should be a number/) },
    ]);
  }, 60_000);

  it('deletes what Garmin brought when the runner deregisters, and keeps what they uploaded themselves', async () => {
    const email = 'runner@weekwise.test';
    const athlete = await stack.database.prisma.athlete.findUniqueOrThrow({ where: { email } });
    const uploaded = await harness.garmin.addActivity(runner.userId, {
      fitFile: fitFixture('elevate__sloatsburg.fit'),
    });
    await harness.garmin.pushActivities(runner.userId, [uploaded]);
    await harness.waitForIdle();
    const [own] = await importFitFiles([fitFixture('elevate__sloatsburg.fit')], {
      db: stack.database,
      athlete,
      logger: silentLogger,
      queue: harness.queue,
    });
    expect(own?.status).toBe('imported');
    await harness.waitForIdle();
    const uploadedId = (await activityWithGarminId(uploaded.summary.activityId))!;
    expect((await activitiesOf(email)).find((row) => row.id === uploadedId)?.providers).toEqual([
      'fit_file',
      'garmin',
    ]);

    // Notifications are unsigned: a forged deregistration (even one sent with our webhook token) finds the
    // runner's access token still working, and deletes nothing.
    const before = await activitiesOf(email);
    const forged = await fetch(harness.notificationUrl('deregistrations'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deregistrations: [{ userId: runner.userId, userAccessToken: 'guessed' }] }),
    });
    expect(forged.status).toBe(200);
    await harness.waitForIdle();
    expect(await activitiesOf(email)).toEqual(before);
    expect((await findConnection(pool(), 'garmin', { externalAthleteId: runner.userId }))?.status).toBe(
      'active',
    );

    expect((await harness.garmin.pingDeregistration(runner.userId)).outcome).toBe('delivered');
    await harness.waitForIdle();
    const left = await activitiesOf(email);
    expect(left.map((row) => ({ id: row.id, providers: row.providers }))).toEqual([
      { id: uploadedId, providers: ['fit_file'] },
    ]);
    const garminFiles = await pool().query(
      `SELECT file_name, status FROM import_log WHERE athlete_id = $1 AND file_name LIKE 'garmin-%'`,
      [athlete.id],
    );
    expect(garminFiles.rows).toEqual([]);
    const connection = (await findConnection(pool(), 'garmin', { externalAthleteId: runner.userId }))!;
    expect(connection.status).toBe('revoked');
    const tokens = await pool().query(
      'SELECT access_token_enc, refresh_token_enc FROM provider_connection WHERE id = $1',
      [connection.id],
    );
    expect(tokens.rows[0]).toEqual({ access_token_enc: null, refresh_token_enc: null });
    // The weeks were rebuilt without the deleted runs.
    const state = await pool().query(
      'SELECT change_count = analysed_count AS current FROM athlete_analysis_state WHERE athlete_id = $1',
      [athlete.id],
    );
    expect(state.rows[0].current).toBe(true);
  }, 60_000);

  it('writes no token, code or secret to its logs (debug level, the whole suite above)', () => {
    const everything = logs.lines.join('');
    expect(logs.lines.length).toBeGreaterThan(100);
    const tokens = harness.garmin
      .deliveries()
      .flatMap((delivery) =>
        [...delivery.body.matchAll(/"userAccessToken":"([^"]+)"/g)].map((match) => match[1]!),
      );
    expect(new Set(tokens).size).toBeGreaterThan(2);
    for (const secret of [
      harness.config.garmin!.clientSecret,
      harness.config.garmin!.webhookToken!,
      ...tokens,
    ])
      expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/[?&](code|state|link|token)=/);
  });
});
