import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAccessToken } from '../../src/providers/connections/access-token.ts';
import { findConnection, tokenAssociatedData } from '../../src/providers/connections/connection.store.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable, redisAvailable } from '../support/services.ts';
import { type StravaHarness, startStravaHarness } from '../support/strava-harness.ts';
import { capturingLogger } from '../support/test-logger.ts';

const servicesUp = (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!servicesUp)('Strava sync end to end (emulator, PostgreSQL, Redis, two workers)', () => {
  const stack = useScratchStack({ redis: true });
  let harness: StravaHarness;
  const logs = capturingLogger();
  const pool = () => stack.database.pool;

  const storedStravaIds = async (email: string) => {
    const { rows } = await pool().query<{ externalId: string }>(
      `SELECT s.external_id AS "externalId" FROM activity_source s JOIN activity a ON a.id = s.activity_id
       JOIN athlete t ON t.id = a.athlete_id WHERE s.provider = 'strava' AND t.email = $1`,
      [email],
    );
    return rows.map((row) => row.externalId);
  };
  const athleteIdOf = async (email: string) =>
    (await stack.database.prisma.athlete.findUniqueOrThrow({ where: { email } })).id;

  beforeAll(async () => {
    harness = await startStravaHarness(stack, {
      emulator: { limits: { read: { fifteenMinutes: 100, daily: 1000 } } },
      logger: logs.logger,
    });
  });
  afterAll(async () => {
    await harness?.close();
  });
  // Tokens rotate, expire and are revoked during the suite: every one seen is kept for the log check.
  const seenTokens = new Set<string>();
  afterEach(() => {
    for (const athlete of [501, 502, 601, 701]) {
      const tokens = harness.emulator.tokensOf(athlete);
      for (const token of [tokens.refreshToken, ...tokens.accessTokens]) if (token) seenTokens.add(token);
    }
  });

  it('connects through the OAuth redirects and keeps the tokens encrypted', async () => {
    harness.emulator.addAthlete({ id: 501 });
    const { status, page, hops } = await harness.connect('oauth@weekwise.test', 501);
    expect(status).toBe(200);
    expect(page).toContain('Strava is connected');
    expect(hops.map((hop) => new URL(hop).pathname)).toEqual([
      '/connect/strava',
      '/oauth/authorize',
      '/oauth/strava/callback',
    ]);
    const connection = await findConnection(pool(), 'strava', { externalAthleteId: '501' });
    expect(connection?.status).toBe('active');
    expect(connection?.grantedScopes).toContain('activity:read_all');
    const { rows } = await pool().query('SELECT * FROM provider_connection WHERE id = $1', [connection!.id]);
    const tokens = harness.emulator.tokensOf(501);
    const dump = JSON.stringify(rows);
    for (const token of [tokens.refreshToken!, ...tokens.accessTokens]) expect(dump).not.toContain(token);
    expect(
      harness.providers.cipher.decrypt(
        rows[0].refresh_token_enc,
        tokenAssociatedData(connection!.id, 'refresh'),
      ),
    ).toBe(tokens.refreshToken);
    await harness.waitForIdle();
  });

  it('refuses a replayed callback and tells a runner what a missing scope means', async () => {
    harness.emulator.addAthlete({ id: 502, grantedScopes: ['read', 'activity:read'] });
    const first = await harness.connect('scopes@weekwise.test', 502);
    expect(first.page).toContain('private');
    const replay = await fetch(first.hops.at(-1)!);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
    harness.emulator.addAthlete({ id: 503, grantedScopes: ['read'] });
    const none = await harness.connect('noscope@weekwise.test', 503);
    expect(none.page).toContain('Strava was not connected');
    expect(await findConnection(pool(), 'strava', { externalAthleteId: '503' })).toBeNull();
    await harness.waitForIdle();
  });

  it('backfills 1,000 activities under a 100-per-15-minutes read limit: each once, zero 429s, minimal requests', async () => {
    harness.emulator.addAthlete({ id: 601 });
    const activities = harness.emulator.addActivities(601, 1000, {
      from: new Date(harness.clock.nowMs() - 700 * 24 * 3600_000),
      to: new Date(harness.clock.nowMs() - 3600_000),
    });
    harness.emulator.resetRequestStats();
    // Fifteen minutes pass in two real seconds: the backfill must wait for several windows to reset.
    harness.clock.setRate(450);
    try {
      await harness.connect('backfill@weekwise.test', 601);
      await harness.waitForIdle(180_000);
    } finally {
      harness.clock.setRate(1);
    }
    const stored = await storedStravaIds('backfill@weekwise.test');
    expect(stored).toHaveLength(1000);
    expect(new Set(stored)).toEqual(new Set(activities.map((activity) => String(activity.id))));

    const withSamples = activities.filter((activity) => activity.hasHeartRate && !activity.manual);
    const { rows } = await pool().query<{ count: number }>(
      `SELECT count(*)::int AS count FROM activity a JOIN athlete t ON t.id = a.athlete_id
       WHERE t.email = 'backfill@weekwise.test' AND a.streams_source_id IS NOT NULL AND a.heart_rate_samples > 0`,
    );
    expect(rows[0]!.count).toBe(withSamples.length);

    const stats = harness.emulator.stats();
    expect(stats.requests.rateLimited).toBe(0);
    const listCalls = stats.requests.byEndpoint['GET /api/v3/athlete/activities'] ?? 0;
    const streamCalls = stats.requests.byEndpoint['GET /api/v3/activities/:id/streams'] ?? 0;
    const minimum = Math.ceil(1000 / 200) + withSamples.length;
    expect(streamCalls).toBe(withSamples.length);
    expect(listCalls + streamCalls).toBeLessThanOrEqual(Math.floor(minimum * 1.01));
    const windows = stats.windows.fifteenMinutes.filter((window) => window.read > 0);
    expect(windows.length).toBeGreaterThanOrEqual(Math.ceil(minimum / 100));
    for (const window of windows) expect(window.read).toBeLessThanOrEqual(100);
  }, 240_000);

  it('follows webhook events: create, update, delete, and a re-delivery changes nothing', async () => {
    const subscription = await harness.providers.strava!.client.createPushSubscription(
      `${harness.publicUrl}/webhooks/strava`,
    );
    expect(subscription).toMatchObject({ id: expect.any(Number) });
    // As an operator does with the id `weekwise strava subscribe` prints (STRAVA_WEBHOOK_SUBSCRIPTION_ID);
    // the server reads its config at each event.
    harness.config.strava!.webhookSubscriptionId = (subscription as { id: number }).id;

    const created = harness.emulator.createActivity(
      601,
      { sportType: 'Run', hasHeartRate: true, manual: false },
      { notify: true },
    );
    expect((await created.delivery)?.delivered).toBe(true);
    await harness.waitForIdle();
    const id = String(created.activity.id);
    expect(await storedStravaIds('backfill@weekwise.test')).toContain(id);
    const samples = await pool().query(
      `SELECT a.heart_rate_samples FROM activity a JOIN activity_source s ON s.activity_id = a.id
       WHERE s.provider = 'strava' AND s.external_id = $1`,
      [id],
    );
    expect(samples.rows[0].heart_rate_samples).toBeGreaterThan(0);

    const updated = harness.emulator.updateActivity(
      created.activity.id,
      { name: 'Tempo by the river' },
      { notify: true },
    );
    await updated.delivery;
    const again = await harness.emulator.deliverEvent(
      updated.delivery ? (await updated.delivery).event : ({} as never),
    );
    expect(again.delivered).toBe(true);
    await harness.waitForIdle();
    const named = await pool().query(
      `SELECT a.name FROM activity a JOIN activity_source s ON s.activity_id = a.id WHERE s.external_id = $1`,
      [id],
    );
    expect(named.rows).toEqual([{ name: 'Tempo by the river' }]);
    const events = await pool().query(
      `SELECT count(*)::int AS n FROM provider_event WHERE kind = 'activity:update'`,
    );
    expect(events.rows[0].n).toBe(1);

    await harness.emulator.deleteActivity(created.activity.id, { notify: true }).delivery;
    await harness.waitForIdle();
    expect(await storedStravaIds('backfill@weekwise.test')).not.toContain(id);
    expect(await storedStravaIds('backfill@weekwise.test')).toHaveLength(1000);
  });

  it('keeps the rotated refresh token when two workers refresh the same link at once', async () => {
    const connection = (await findConnection(pool(), 'strava', { externalAthleteId: '601' }))!;
    await pool().query(
      `UPDATE provider_connection SET access_expires_at = now() - interval '1 hour' WHERE id = $1`,
      [connection.id],
    );
    const refreshedBefore = harness.emulator.stats().tokens.refreshed;
    const strava = harness.providers.strava!;
    const tokens = await Promise.all(
      [1, 2, 3].map(() =>
        getAccessToken(pool(), harness.providers.cipher, connection.id, strava.refresher, {
          clock: harness.clock,
        }),
      ),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(harness.emulator.stats().tokens.refreshed - refreshedBefore).toBe(1);
    expect((await findConnection(pool(), 'strava', { externalAthleteId: '601' }))?.status).toBe('active');
    // The token works, and a 401 (tokens expired on Strava's side) is answered by one refresh.
    harness.emulator.expireAccessTokens(601);
    const athlete = await strava.withToken(connection.id, (token) => strava.client.get(token, '/athlete'));
    expect(athlete).toMatchObject({ id: 601 });
  });

  it('loses and duplicates nothing when Strava answers 5xx or times out on a share of calls', async () => {
    harness.emulator.addAthlete({ id: 701 });
    const activities = harness.emulator.addActivities(701, 240, {
      from: new Date(harness.clock.nowMs() - 200 * 24 * 3600_000),
      to: new Date(harness.clock.nowMs() - 3600_000),
    });
    harness.emulator.resetRequestStats();
    harness.clock.setRate(450);
    await harness.connect('faults@weekwise.test', 701);
    harness.emulator.faults.set({ serverErrorRate: 0.1, timeoutRate: 0.05, timeoutMs: 2500 });
    try {
      await harness.waitForIdle(180_000);
    } finally {
      harness.emulator.faults.set({ serverErrorRate: 0, timeoutRate: 0 });
      harness.clock.setRate(1);
    }
    const stored = await storedStravaIds('faults@weekwise.test');
    expect(stored).toHaveLength(240);
    expect(new Set(stored)).toEqual(new Set(activities.map((activity) => String(activity.id))));
    const stats = harness.emulator.stats();
    expect(stats.requests.serverErrors + stats.requests.timeouts).toBeGreaterThan(0);
    expect(stats.requests.rateLimited).toBe(0);
    const missingSamples = await pool().query(
      `SELECT count(*)::int AS n FROM activity a JOIN activity_source s ON s.activity_id = a.id
       WHERE s.provider = 'strava' AND (s.raw_payload->>'has_heartrate')::boolean AND NOT a.manual
         AND a.athlete_id = $1 AND a.streams_source_id IS NULL`,
      [await athleteIdOf('faults@weekwise.test')],
    );
    expect(missingSamples.rows[0].n).toBe(0);
  }, 240_000);

  it('marks a link needs_reauth when Strava refuses to renew it, and stops its sync', async () => {
    const connection = (await findConnection(pool(), 'strava', { externalAthleteId: '701' }))!;
    await pool().query(
      `UPDATE provider_connection SET refresh_token_enc = $2, access_expires_at = now() - interval '1 hour' WHERE id = $1`,
      [
        connection.id,
        harness.providers.cipher.encrypt(
          'a-refresh-token-strava-never-issued',
          tokenAssociatedData(connection.id, 'refresh'),
        ),
      ],
    );
    const strava = harness.providers.strava!;
    await expect(
      getAccessToken(pool(), harness.providers.cipher, connection.id, strava.refresher, {
        clock: harness.clock,
      }),
    ).rejects.toThrow(/connect again/);
    const after = await findConnection(pool(), 'strava', { externalAthleteId: '701' });
    expect(after?.status).toBe('needs_reauth');
    expect(after?.statusReason).toMatch(/connect again/);
  });

  it('ignores a forged deauthorization (events are unsigned): Strava still accepts the token, nothing is deleted', async () => {
    const before = await storedStravaIds('backfill@weekwise.test');
    expect(before.length).toBeGreaterThan(0);
    const ourSubscription = harness.emulator.subscription()!.id;
    expect(harness.config.strava!.webhookSubscriptionId).toBe(ourSubscription);
    const forge = (subscriptionId: number) =>
      fetch(`${harness.publicUrl}/webhooks/strava`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          object_type: 'athlete',
          object_id: 601,
          aspect_type: 'update',
          owner_id: 601,
          subscription_id: subscriptionId,
          event_time: Math.floor(Date.now() / 1000),
          updates: { authorized: 'false' },
        }),
      });
    const countAthleteEvents = async () =>
      (
        await pool().query(
          `SELECT count(*)::int AS n FROM provider_event WHERE provider = 'strava' AND kind LIKE 'athlete%'`,
        )
      ).rows[0].n as number;
    // Another subscription's id: not Strava's, dropped at the door (answered like any event: the sender
    // learns nothing).
    const eventsBefore = await countAthleteEvents();
    expect((await forge(ourSubscription + 1)).status).toBe(200);
    expect(await countAthleteEvents()).toBe(eventsBefore);
    expect(logs.lines.join('')).toMatch(/Strava event dropped: not from our subscription/);
    // Our subscription's id (a forger who knows it): stored, then checked with Strava, which still
    // accepts our token.
    expect((await forge(ourSubscription)).status).toBe(200);
    expect(await countAthleteEvents()).toBe(eventsBefore + 1);
    await harness.waitForIdle();
    expect(await storedStravaIds('backfill@weekwise.test')).toHaveLength(before.length);
    const connection = await findConnection(pool(), 'strava', { externalAthleteId: '601' });
    expect(connection?.status).toBe('active');
    const { rows } = await pool().query<{ note: string }>(
      `SELECT last_error AS note FROM provider_event WHERE provider = 'strava' AND kind LIKE 'athlete%' ORDER BY received_at DESC LIMIT 1`,
    );
    expect(rows[0]?.note).toContain('not from Strava');
  });

  it('deletes all Strava data of a runner who deauthorizes, and revokes the link', async () => {
    const delivery = await harness.emulator.deauthorize(601);
    expect(delivery.delivered).toBe(true);
    await harness.waitForIdle();
    expect(await storedStravaIds('backfill@weekwise.test')).toHaveLength(0);
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM activity a JOIN athlete t ON t.id = a.athlete_id WHERE t.email = 'backfill@weekwise.test'`,
    );
    expect(rows[0].n).toBe(0);
    const connection = await findConnection(pool(), 'strava', { externalAthleteId: '601' });
    expect(connection?.status).toBe('revoked');
    const tokens = await pool().query(
      'SELECT access_token_enc, refresh_token_enc FROM provider_connection WHERE id = $1',
      [connection!.id],
    );
    expect(tokens.rows[0]).toEqual({ access_token_enc: null, refresh_token_enc: null });
  });

  it('writes no token, code or secret to its logs (debug level, the whole suite above)', async () => {
    const everything = logs.lines.join('');
    expect(logs.lines.length).toBeGreaterThan(100);
    const secrets = [
      harness.config.strava!.clientSecret,
      harness.config.strava!.webhookVerifyToken,
      ...seenTokens,
    ];
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/[?&](code|state|link)=/);
  });
});
