import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GarminActivity } from '../emulators/garmin/garmin-emulator.types.ts';
import { MESG, mutateMessages } from '../support/fit-mutations.ts';
import { type GarminHarness, startGarminHarness } from '../support/garmin-harness.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { createTempDir, postgresAvailable, redisAvailable } from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { capturingLogger } from '../support/test-logger.ts';

const servicesUp = (await postgresAvailable()) && (await redisAvailable()) && sharedFixturesAvailable();
const DAY_MS = 86_400_000;
/** What a runner may never read in a reason: internals leaking out of an unexpected failure. */
const UNREADABLE = /undefined|NaN|\[object |\n\s+at |(Type|Range|Reference|Syntax)Error|Maximum call stack/;

/** JSON text of a value nested `depth` levels deep (JSON.stringify could not write it: it recurses). */
function nestedJson(depth: number): string {
  return `${'{"deeper":['.repeat(depth)}"bottom"${']}'.repeat(depth)}`;
}

/**
 * Garmin sending bodies it would never send, through the emulator's deliveries (with its retries) and
 * weekwise's real notification route and jobs. Decisions held here: an unreadable item is left out with
 * its reason while the readable ones of the same notification are stored (Garmin re-sends refused bodies
 * byte for byte, for days: refusing the whole would lose the good ones); a notification with nothing
 * readable is a 400 saying why; an item readable at the door but broken inside ends its job for good
 * with the reason on the event; a file that is no FIT file is a failed import with its reason.
 */
describe.skipIf(!servicesUp)('Garmin sending hostile payloads (emulator, two workers)', () => {
  const stack = useScratchStack({ redis: true });
  const logs = capturingLogger();
  const files = createTempDir();
  let harness: GarminHarness;
  let userId: string;
  const pool = () => stack.database.pool;

  beforeAll(async () => {
    harness = await startGarminHarness(stack, { logger: logs.logger });
    userId = harness.garmin.addUser().userId;
    await harness.connect('garmin', 'hostile@weekwise.test', userId);
    await harness.waitForIdle();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    files.remove();
  });

  const addRun = (daysAgo: number, spec: { fitFile?: string } = {}) =>
    harness.garmin.addActivity(userId, {
      startTime: new Date(harness.clock.nowMs() - daysAgo * DAY_MS),
      ...spec,
    });
  const summaryOf = (run: GarminActivity) => ({ userId, ...run.summary });
  const storedGarminIds = async () =>
    (
      await pool().query<{ id: string }>(
        `SELECT external_id AS id FROM activity_source WHERE provider = 'garmin' ORDER BY external_id`,
      )
    ).rows.map((row) => row.id);
  const eventsLike = async (pattern: string) =>
    (
      await pool().query<{ processed: boolean; lastError: string | null }>(
        `SELECT processed_at IS NOT NULL AS processed, last_error AS "lastError" FROM provider_event
         WHERE provider = 'garmin' AND dedupe_key LIKE $1`,
        [pattern],
      )
    ).rows;

  it('stores the readable items of a notification and leaves out each unreadable one with its reason', async () => {
    const good = await addRun(2);
    const brokenInside = await addRun(3);
    const body = JSON.stringify({
      activities: [
        summaryOf(good),
        // Readable at the door (user and id), broken inside: stored, then refused by its job.
        { ...summaryOf(brokenInside), durationInSeconds: -60, startTimeInSeconds: 'soon' },
        { userId, summaryId: 'bare-1' },
        // Unreadable at the door: no id, a number where the user id belongs, junk too deep to store.
        { userId, activityId: 77 },
        { userId: 12345, summaryId: 'typed-1' },
        { userId, summaryId: 'deep-1', junk: '__nested__' },
      ],
    }).replace('"__nested__"', nestedJson(50_000));
    const delivery = await harness.garmin.sendNotificationText('activities', body);
    expect(delivery.outcome).toBe('delivered');
    expect(delivery.attempts).toHaveLength(1);
    await harness.waitForIdle();

    expect(await storedGarminIds()).toEqual([String(good.summary.activityId)]);
    const brokenEvents = await eventsLike(`activity:${brokenInside.summary.summaryId}:%`);
    expect(brokenEvents).toEqual([
      {
        processed: true,
        lastError: expect.stringMatching(
          /durationInSeconds is negative.*|startTimeInSeconds should be a number/,
        ),
      },
    ]);
    const bare = await eventsLike('activity:bare-1:%');
    expect(bare).toEqual([{ processed: true, lastError: expect.stringMatching(/is missing/) }]);
    for (const event of [...brokenEvents, ...bare]) expect(event.lastError).not.toMatch(UNREADABLE);
    expect(await eventsLike('activity:typed-1:%')).toEqual([]);
    expect(await eventsLike('activity:deep-1:%')).toEqual([]);
    const received = logs.lines
      .filter((line) => line.includes('Garmin notification received'))
      .map((line) => JSON.parse(line) as { rejected?: string[] });
    const rejected = received.flatMap((line) => line.rejected ?? []);
    for (const reason of [
      /item 3: summaryId is missing/,
      /item 4: userId/,
      /item 5: is nested more than 64 levels deep/,
    ]) {
      expect(rejected).toContainEqual(expect.stringMatching(reason));
    }
    for (const reason of rejected) expect(reason).not.toMatch(UNREADABLE);
  }, 60_000);

  it('refuses each notification with nothing readable, as often as Garmin re-sends it, storing nothing', async () => {
    const refused: Array<[string, string, number]> = [
      ['no item readable', JSON.stringify({ activities: [{ userId }] }), 400],
      ['not JSON at all', '<html><body>Service Unavailable</body></html>', 400],
      ['a string where the list belongs', JSON.stringify({ activities: 'all of them' }), 400],
      [
        '10,000 items',
        JSON.stringify({ activities: Array.from({ length: 10_000 }, () => ({ userId })) }),
        400,
      ],
      [
        'a 6 MB body',
        JSON.stringify({ activities: [{ userId, summaryId: 'big', pad: 'x'.repeat(6_000_000) }] }),
        413,
      ],
    ];
    const before = (await pool().query('SELECT count(*)::int AS n FROM provider_event')).rows[0].n;
    const deliveries = await Promise.all(
      refused.map(([, body]) => harness.garmin.sendNotificationText('activities', body)),
    );
    for (const [index, [what, , status]] of refused.entries()) {
      const delivery = deliveries[index]!;
      expect(delivery.outcome, what).toBe('failed');
      expect(delivery.attempts.length, what).toBeGreaterThan(1);
      expect(
        delivery.attempts.map((attempt) => attempt.status),
        what,
      ).toEqual(delivery.attempts.map(() => status));
    }
    await harness.waitForIdle();
    expect((await pool().query('SELECT count(*)::int AS n FROM provider_event')).rows[0].n).toBe(before);
  }, 30_000);

  it('ends the details job for good on a million and one samples, keeping the summary as it was', async () => {
    const run = await addRun(4);
    expect((await harness.garmin.pushActivities(userId, [run])).outcome).toBe('delivered');
    await harness.waitForIdle();
    const summaryId = `${run.summary.summaryId}-huge`;
    const delivery = await harness.garmin.sendNotificationText(
      'activityDetails',
      JSON.stringify({
        activityDetails: [
          {
            userId,
            summaryId,
            activityId: run.summary.activityId,
            summary: run.summary,
            samples: Array(1_000_001).fill({}),
          },
        ],
      }),
    );
    expect(delivery.outcome).toBe('delivered');
    await harness.waitForIdle();
    expect(await eventsLike(`activity-details:${summaryId}:%`)).toEqual([
      { processed: true, lastError: expect.stringMatching(/samples has more than 1000000 samples/) },
    ]);
    const { rows } = await pool().query(
      `SELECT a.heart_rate_samples AS "heartRateSamples",
         (SELECT count(*)::int FROM activity_stream w WHERE w.activity_id = a.id) AS streams
       FROM activity a JOIN activity_source s ON s.activity_id = a.id
       WHERE s.provider = 'garmin' AND s.external_id = $1`,
      [String(run.summary.activityId)],
    );
    expect(rows).toEqual([{ heartRateSamples: 0, streams: 0 }]);
  }, 60_000);

  it('records a FIT file that is garbage as a failed import with its reason, and imports an absurd one sanely', async () => {
    const random = seededRandom(5);
    const garbage = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    const wrongDistance = mutateMessages(
      readFileSync(fitFixture('elevate__20171011_run_2088390344.fit')),
      MESG.session,
      (session) => ({ ...session, totalDistance: -500 }),
    );
    const served: Array<[string, Uint8Array, RegExp | null]> = [
      ['random bytes', garbage, /not a FIT file: header size byte is \d+, expected 12 or 14/],
      ['an HTML page', Buffer.from('<html><body>Moved</body></html>'), /not a FIT file/],
      ['nothing', Buffer.alloc(0), /file is empty \(0 bytes\)/],
      ['a distance of -500 m', wrongDistance, null],
    ];
    const runs: GarminActivity[] = [];
    for (const [index, [what, bytes]] of served.entries()) {
      const path = join(files.path, `served-${index}.fit`);
      writeFileSync(path, bytes);
      const run = await addRun(10 + index);
      runs.push(run);
      // The ping's link serves these bytes instead of a real recording.
      const ping = await harness.garmin.pingActivityFile(userId, { ...run, fitFile: path });
      expect(ping.outcome, what).toBe('delivered');
    }
    await harness.waitForIdle();

    for (const [index, [what, , reason]] of served.entries()) {
      const fileName = `garmin-${runs[index]!.summary.activityId}.fit`;
      const log = await pool().query<{ status: string; reason: string | null; warnings: string[] }>(
        'SELECT status, reason, warnings FROM import_log WHERE file_name = $1',
        [fileName],
      );
      expect(log.rows, what).toHaveLength(1);
      const [row] = log.rows;
      if (reason) {
        expect(row, what).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) });
        expect(row!.reason, what).not.toMatch(UNREADABLE);
        continue;
      }
      expect(row!.status, what).toBe('imported');
      expect(row!.warnings, what).toContainEqual(
        expect.stringMatching(/a total distance of 42,949 km .* is impossible/),
      );
      const stored = await pool().query<{ distanceM: number; elapsedTimeS: number }>(
        `SELECT a.distance_m AS "distanceM", a.elapsed_time_s AS "elapsedTimeS" FROM activity a
         JOIN activity_source s ON s.activity_id = a.id WHERE s.provider = 'fit_file' AND s.raw_payload->>'fileName' = $1`,
        [fileName],
      );
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]!.distanceM).toBeLessThan(stored.rows[0]!.elapsedTimeS * 10);
    }
    // A failed file left nothing: no FIT source names it.
    const sources = await pool().query(
      `SELECT raw_payload->>'fileName' AS name FROM activity_source WHERE provider = 'fit_file'`,
    );
    expect(sources.rows.map((row) => row.name)).toEqual([`garmin-${runs[3]!.summary.activityId}.fit`]);
  }, 60_000);

  it('never logged a worker error or an unhandled failure', () => {
    const errors = logs.lines.filter((line) => /"level":50|worker error|failed unexpectedly/.test(line));
    expect(errors).toEqual([]);
  });
});
