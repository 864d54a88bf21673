import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findConnection } from '../../src/providers/connections/connection.store.ts';
import { RawBody } from '../emulators/strava/hostile-payloads.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable, redisAvailable } from '../support/services.ts';
import { type StravaHarness, startStravaHarness } from '../support/strava-harness.ts';
import { capturingLogger } from '../support/test-logger.ts';

const servicesUp = (await postgresAvailable()) && (await redisAvailable());

const LIST = 'GET /api/v3/athlete/activities';
const STREAMS = 'GET /api/v3/activities/:id/streams';
/** What a runner may never read in a job's reason: internals leaking out of an unexpected failure. */
const UNREADABLE = /undefined|NaN|\[object |\n\s+at |(Type|Range|Reference|Syntax)Error|Maximum call stack/;

/** JSON text of a value nested `depth` levels deep (JSON.stringify could not write it: it recurses). */
function nestedJson(depth: number): string {
  return `${'{"deeper":['.repeat(depth)}"bottom"${']}'.repeat(depth)}`;
}
const NESTED_MARK = '"__nested_junk__"';

/**
 * Strava answering 200 with bodies it would never send, through the real sync: the emulator serves them
 * for chosen requests, weekwise's two BullMQ workers run the real jobs. Decisions held here: a listing
 * that is not a list of activities (or absurdly long) fails its job for good with the reason; a bad item
 * in a good listing is skipped with a logged reason while the others are stored; streams that cannot be
 * read (or hold millions of samples) end the streams job for good and leave the summary as it was.
 */
describe.skipIf(!servicesUp)('Strava answering hostile payloads (emulator, two workers)', () => {
  const stack = useScratchStack({ redis: true });
  const logs = capturingLogger();
  let harness: StravaHarness;
  let nextStravaAthlete = 900;
  const pool = () => stack.database.pool;

  beforeAll(async () => {
    harness = await startStravaHarness(stack, { logger: logs.logger });
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(() => harness.emulator.hostile.clear());

  /** A runner on the emulator with `count` runs (heart rate, not manual), connected to weekwise. */
  async function connectRunner(count: number) {
    const stravaId = nextStravaAthlete++;
    harness.emulator.addAthlete({ id: stravaId });
    const activities = harness.emulator.addActivities(
      stravaId,
      Array.from({ length: count }, () => ({ sportType: 'Run', hasHeartRate: true, manual: false })),
      {
        from: new Date(harness.clock.nowMs() - 30 * 86_400_000),
        to: new Date(harness.clock.nowMs() - 3600_000),
      },
    );
    const email = `hostile-${stravaId}@weekwise.test`;
    return { stravaId, email, activities };
  }

  async function jobsOf(connectionId: string) {
    const queue = harness.queue.queue('sync');
    const failed = (await queue.getFailed()).filter((job) => job.data.connectionId === connectionId);
    const completed = (await queue.getCompleted()).filter((job) => job.data.connectionId === connectionId);
    return {
      failed: failed.map((job) => ({ name: job.name, reason: job.failedReason, attempts: job.attemptsMade })),
      completed: completed.map((job) => ({ name: job.name, outcome: job.returnvalue })),
    };
  }

  /** Nothing half-written: every Strava source has its activity, every activity's streams agree in length. */
  async function expectWhole(email: string) {
    const orphans = await pool().query(
      `SELECT count(*)::int AS n FROM activity a JOIN athlete t ON t.id = a.athlete_id
       WHERE t.email = $1 AND NOT EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id)`,
      [email],
    );
    expect(orphans.rows[0].n, 'activities without a source').toBe(0);
    const lengths = await pool().query(
      `SELECT s.activity_id, count(DISTINCT s.sample_count)::int AS lengths FROM activity_stream s
       JOIN activity a ON a.id = s.activity_id JOIN athlete t ON t.id = a.athlete_id
       WHERE t.email = $1 GROUP BY s.activity_id`,
      [email],
    );
    for (const row of lengths.rows) expect(row.lengths, 'streams of one length').toBe(1);
  }

  async function storedStravaIds(email: string): Promise<string[]> {
    const { rows } = await pool().query<{ id: string }>(
      `SELECT s.external_id AS id FROM activity_source s JOIN activity a ON a.id = s.activity_id
       JOIN athlete t ON t.id = a.athlete_id WHERE s.provider = 'strava' AND t.email = $1`,
      [email],
    );
    return rows.map((row) => row.id).sort();
  }

  it('stores the good activities of a page and skips each bad one with its reason', async () => {
    const { stravaId, email, activities } = await connectRunner(10);
    const broken: Record<number, (item: Record<string, unknown>) => Record<string, unknown>> = {
      0: (item) => ({ ...item, start_date: 'yesterday-ish' }),
      1: (item) => ({ ...item, elapsed_time: '3600' }),
      2: (item) => ({ ...item, id: null }),
      3: (item) => ({ ...item, distance: -5000 }),
      4: (item) => ({ ...item, elapsed_time: -60 }),
      5: (item) => ({ ...item, map: JSON.parse(NESTED_MARK) }),
      6: ({ sport_type: _sport, type: _type, ...item }) => item,
    };
    harness.emulator.hostile.serve(LIST, (served) => {
      const items = (served as Array<Record<string, unknown>>).map(
        (item, index) => broken[index]?.(item) ?? item,
      );
      return new RawBody(JSON.stringify(items).replace(NESTED_MARK, nestedJson(100_000)));
    });
    await harness.connect(email, stravaId);
    await harness.waitForIdle();

    // Strava lists newest first: the page's first items are the newest activities.
    const newestFirst = [...activities].reverse().map((activity) => String(activity.id));
    const good = newestFirst.slice(Object.keys(broken).length);
    expect(await storedStravaIds(email)).toEqual([...good].sort());
    const connection = await findConnection(pool(), 'strava', { externalAthleteId: String(stravaId) });
    const jobs = await jobsOf(connection!.id);
    expect(jobs.failed).toEqual([]);
    expect(jobs.completed).toContainEqual({
      name: 'strava-backfill-page',
      outcome: { status: 'success', detail: 'page 1: 3 activities, backfill complete' },
    });
    const skipped = logs.lines.filter((line) => line.includes('Strava activity skipped'));
    const reasons = skipped.map((line) => JSON.parse(line).reason as string);
    for (const expected of [
      /start_date is not a date/,
      /elapsed_time should be a number, not a string/,
      /id is not an id \(got null\)/,
      /distance is negative/,
      /elapsed_time is negative/,
      /nested more than \d+ levels deep/,
      /sport_type is missing/,
    ]) {
      expect(reasons).toContainEqual(expect.stringMatching(expected));
    }
    for (const reason of reasons) expect(reason).not.toMatch(UNREADABLE);
    await expectWhole(email);
  }, 60_000);

  it.each([
    ['an object instead of a list', () => ({ activities: [] })],
    ['invalid JSON (an HTML error page)', () => new RawBody('<html><body>502 Bad Gateway</body></html>')],
    ['null', () => null],
    [
      '100,000 activities for a page of 200',
      () => Array.from({ length: 100_000 }, (_, index) => ({ id: index })),
    ],
  ])(
    'fails the backfill page for good, with its reason, when the listing is %s',
    async (what, body) => {
      const { stravaId, email } = await connectRunner(3);
      harness.emulator.hostile.serve(LIST, body);
      await harness.connect(email, stravaId);
      await harness.waitForIdle();

      const connection = await findConnection(pool(), 'strava', { externalAthleteId: String(stravaId) });
      const jobs = await jobsOf(connection!.id);
      expect(jobs.failed, what).toEqual([
        { name: 'strava-backfill-page', reason: expect.stringMatching(/^Strava activity list/), attempts: 1 },
      ]);
      expect(jobs.failed[0]!.reason).not.toMatch(UNREADABLE);
      expect(await storedStravaIds(email)).toEqual([]);
      // The page was not marked done: a later sync asks for it again.
      const progress = await pool().query('SELECT backfill_page FROM provider_connection WHERE id = $1', [
        connection!.id,
      ]);
      expect(progress.rows[0].backfill_page).toBe(1);
    },
    60_000,
  );

  /** What each hostile streams answer must end as; all are served at once, to runners of their own. */
  const STREAM_CASES: Array<{
    what: string;
    body: (served: unknown) => unknown;
    ends: { failed: RegExp } | { skipped: RegExp };
  }> = [
    {
      what: '5 million samples',
      body: () => ({
        time: { data: Array.from({ length: 5_000_000 }, (_, index) => index) },
        heartrate: { data: [140] },
      }),
      ends: { failed: /time: data has 5000000 samples, more than the 1000000 weekwise reads/ },
    },
    {
      what: 'a 70 MB answer',
      body: () => new RawBody(`{"time":{"data":[${'1,'.repeat(35_000_000)}1]}}`),
      ends: { failed: /Strava's answer is larger than 64 MB: not read/ },
    },
    {
      what: 'strings where numbers belong',
      body: (served) => {
        const streams = served as Record<string, { data: unknown[] }>;
        return { ...streams, heartrate: { ...streams.heartrate, data: streams.heartrate!.data.map(String) } };
      },
      ends: { failed: /heartrate sample 0 is a string, not a number/ },
    },
    {
      what: 'times that go backwards',
      body: (served) => {
        const streams = served as Record<string, { data: unknown[] }>;
        return { ...streams, time: { ...streams.time, data: [...streams.time!.data].reverse() } };
      },
      ends: { failed: /time is not ascending at sample 1/ },
    },
    {
      what: 'a list of nulls',
      body: () => Array(50).fill(null),
      ends: { failed: /: \[0\] should be an object, not null; .*and 45 more problem\(s\)/ },
    },
    {
      what: 'deeply nested junk without samples',
      body: () => new RawBody(nestedJson(100_000)),
      ends: { skipped: /Strava sent no usable samples for activity/ },
    },
  ];

  it('ends each streams job whose answer cannot be read with its reason, and keeps the summaries', async () => {
    const runners = await Promise.all(STREAM_CASES.map(() => connectRunner(2)));
    // The first activity of each runner gets its case's answer; the second gets the real one.
    const bodyOf = new Map(
      runners.map((runner, index) => [String(runner.activities[0]!.id), STREAM_CASES[index]!.body]),
    );
    harness.emulator.hostile.serve(STREAMS, (served, request) => {
      const body = bodyOf.get((request.params as { id: string }).id);
      return body ? body(served) : served;
    });
    for (const runner of runners) await harness.connect(runner.email, runner.stravaId);
    await harness.waitForIdle();

    for (const [index, { what, ends }] of STREAM_CASES.entries()) {
      const { stravaId, email, activities } = runners[index]!;
      const connection = await findConnection(pool(), 'strava', { externalAthleteId: String(stravaId) });
      const jobs = await jobsOf(connection!.id);
      if ('failed' in ends) {
        expect(jobs.failed, what).toEqual([
          { name: 'strava-streams', reason: expect.stringMatching(ends.failed), attempts: 1 },
        ]);
        expect(jobs.failed[0]!.reason, what).not.toMatch(UNREADABLE);
      } else {
        expect(jobs.failed, what).toEqual([]);
        expect(jobs.completed, what).toContainEqual({
          name: 'strava-streams',
          outcome: { status: 'skipped', reason: expect.stringMatching(ends.skipped) },
        });
      }
      const ids = activities.map((activity) => String(activity.id));
      expect(await storedStravaIds(email), what).toEqual([...ids].sort());
      const samples = await pool().query<{ id: string; streams: number }>(
        `SELECT s.external_id AS id, (SELECT count(*)::int FROM activity_stream w WHERE w.activity_id = a.id) AS streams
         FROM activity a JOIN activity_source s ON s.activity_id = a.id
         WHERE s.provider = 'strava' AND s.external_id = ANY($1)`,
        [ids],
      );
      const streamsOf = new Map(samples.rows.map((row) => [row.id, row.streams]));
      expect(streamsOf.get(ids[0]!), `${what}: the hostile answer left no samples`).toBe(0);
      expect(streamsOf.get(ids[1]!), `${what}: the other activity got its samples`).toBeGreaterThan(1);
      await expectWhole(email);
    }
  }, 90_000);

  it('never logged a worker error or an unhandled failure', () => {
    const errors = logs.lines.filter((line) => /"level":50|worker error|failed unexpectedly/.test(line));
    expect(errors).toEqual([]);
  });
});
