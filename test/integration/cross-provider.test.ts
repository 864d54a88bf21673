import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedActivity } from '../../src/domain/activity.ts';
import { decodeFitFile } from '../../src/fit/decode-fit-file.ts';
import type { Athlete } from '../../src/generated/prisma/client.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import {
  encodeActivityFit,
  generateSyntheticRun,
  type SyntheticFitFolder,
  toImportedActivity,
  writeSyntheticFitFolder,
} from '../../src/synthetic/index.ts';
import type { GarminActivity } from '../emulators/garmin/garmin-emulator.types.ts';
import type { ActivitySpec } from '../emulators/strava/strava-model.ts';
import { type GarminHarness, startGarminHarness } from '../support/garmin-harness.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { createTempDir, postgresAvailable, redisAvailable } from '../support/services.ts';
import { silentLogger } from '../support/test-logger.ts';

const servicesUp = (await postgresAvailable()) && (await redisAvailable());
const TIME_ZONE = 'Europe/Paris';

/** One recorded session of the synthetic week: its FIT file, and what each provider says of it. */
interface WeekRun {
  path: string;
  activity: ImportedActivity;
}

type Delivery = {
  run: number;
  source: 'strava' | 'garmin-summary' | 'garmin-details' | 'garmin-file' | 'fit';
};

/** The local Monday two weeks before today's week, so the week is complete and recent. */
function recentMonday(now: Date): string {
  const local = new Date(now.toLocaleString('en-US', { timeZone: TIME_ZONE }));
  const sinceMonday = (local.getDay() + 6) % 7;
  return new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate() - sinceMonday - 14))
    .toISOString()
    .slice(0, 10);
}

describe.skipIf(!servicesUp)('one run from many sources (Strava, Garmin and FIT files, shuffled)', () => {
  const stack = useScratchStack({ redis: true });
  const folder = createTempDir('weekwise-cross-provider-');
  let harness: GarminHarness;
  let week: SyntheticFitFolder;
  let runs: WeekRun[];
  let doubleDay: [number, number];
  const pool = () => stack.database.pool;

  beforeAll(async () => {
    harness = await startGarminHarness(stack, { strava: true });
    await harness.providers.strava!.client.createPushSubscription(`${harness.publicUrl}/webhooks/strava`);
    week = await writeSyntheticFitFolder(folder.path, {
      weeks: ['balanced'],
      seed: 5,
      timeZone: TIME_ZONE,
      firstWeekStart: recentMonday(harness.clock.now()),
    });
    const recorded = week.files.filter((file) => file.fileName !== null);
    // A double day: two half-hour recovery runs an hour apart, on a day the plan leaves free at that time.
    const day = recorded.find((file) => file.sport === 'running')!;
    const firstStart = new Date(day.startTime.getTime() - 7 * 3600_000);
    const doubles = [0, 1].map((index) => {
      const run = generateSyntheticRun({
        kind: 'recovery',
        seed: 900 + index,
        durationS: 30 * 60,
        physiology: week.physiology,
      });
      return toImportedActivity(
        {
          sport: 'running',
          subSport: null,
          startTime: new Date(firstStart.getTime() + index * 3600_000),
          utcOffsetS: day.utcOffsetS,
        },
        run.summary,
        run.streams,
      );
    });
    for (const [index, activity] of doubles.entries()) {
      await writeFile(join(folder.path, `double-${index}.fit`), encodeActivityFit(activity));
    }
    const paths = [
      ...recorded.map((file) => join(folder.path, file.fileName!)),
      ...doubles.map((_, index) => join(folder.path, `double-${index}.fit`)),
    ];
    runs = [];
    for (const path of paths) {
      const decoded = await decodeFitFile(await readFile(path));
      if (decoded.status !== 'activity') throw new Error(`${path}: ${decoded.status}`);
      runs.push({ path, activity: decoded.activities[0]! });
    }
    doubleDay = [paths.length - 2, paths.length - 1];
    // Nothing else of the week is within three hours of the double day: it is a double day, nothing more.
    for (const [index, run] of runs.entries()) {
      if (doubleDay.includes(index)) continue;
      expect(Math.abs(run.activity.startTime.getTime() - firstStart.getTime())).toBeGreaterThan(3 * 3600_000);
    }
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    folder.remove();
  });

  async function newAthlete(email: string): Promise<Athlete> {
    return stack.database.prisma.athlete.create({ data: { email, timeZone: TIME_ZONE } });
  }

  /** What the athlete's analysis says, with activity ids replaced by start times (ids differ per athlete). */
  async function analysisOf(athleteId: string) {
    const { rows: activities } = await pool().query<{ id: string; startTime: Date }>(
      'SELECT id, start_time AS "startTime" FROM activity WHERE athlete_id = $1',
      [athleteId],
    );
    const names = new Map(activities.map((row) => [row.id, `activity@${row.startTime.toISOString()}`]));
    const anonymise = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value).replace(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
          (id) => names.get(id) ?? 'another-id',
        ),
      );
    const weeks = await pool().query(
      `SELECT week_start, verdict, confidence, flags, facts FROM athlete_week WHERE athlete_id = $1 ORDER BY week_start`,
      [athleteId],
    );
    const runAnalyses = await pool().query(
      `SELECT a.start_time, n.intensity_class, n.long, n.purpose, n.zone1_s, n.zone2_s, n.zone3_s, n.trimp,
         n.confidence, n.facts
       FROM activity_analysis n JOIN activity a ON a.id = n.activity_id WHERE n.athlete_id = $1
       ORDER BY a.start_time`,
      [athleteId],
    );
    return { weeks: anonymise(weeks.rows), activities: anonymise(runAnalyses.rows) };
  }

  async function activitiesOf(athleteId: string) {
    const { rows } = await pool().query<{ startTime: Date; providers: string[]; streamsProvider: string }>(
      `SELECT a.start_time AS "startTime", array_agg(DISTINCT s.provider::text ORDER BY s.provider::text) AS providers,
         (SELECT w.provider::text FROM activity_source w WHERE w.id = a.streams_source_id) AS "streamsProvider"
       FROM activity a JOIN activity_source s ON s.activity_id = a.id WHERE a.athlete_id = $1
       GROUP BY a.id ORDER BY a.start_time`,
      [athleteId],
    );
    return rows;
  }

  let reference: Awaited<ReturnType<typeof analysisOf>>;

  it('imports the week from its FIT files alone (the reference)', async () => {
    const athlete = await newAthlete('fit-only@weekwise.test');
    const results = await importFitFiles(
      runs.map((run) => run.path),
      { db: stack.database, athlete, logger: silentLogger, queue: harness.queue },
    );
    expect(results.map((result) => result.status)).toEqual(runs.map(() => 'imported'));
    await harness.waitForIdle();
    reference = await analysisOf(athlete.id);
    expect(reference.activities).toHaveLength(runs.length);
    expect(reference.weeks.length).toBeGreaterThanOrEqual(1);
    const stored = await activitiesOf(athlete.id);
    const [first, second] = doubleDay.map((index) => runs[index]!.activity.startTime.getTime());
    expect(stored.filter((row) => [first, second].includes(row.startTime.getTime()))).toHaveLength(2);
  }, 120_000);

  for (const seed of [11, 23, 47]) {
    it(`gives the same activities and weeks when Strava, Garmin and the files deliver in shuffled order (seed ${seed})`, async () => {
      const email = `mixed-${seed}@weekwise.test`;
      const athlete = await newAthlete(email);
      const stravaId = 70_000 + seed;
      harness.strava!.addAthlete({ id: stravaId, timeZone: TIME_ZONE });
      const garminUser = harness.garmin.addUser();
      expect((await harness.connect('strava', email, stravaId)).page).toContain('Strava is connected');
      expect((await harness.connect('garmin', email, garminUser.userId)).page).toContain(
        'Garmin is connected',
      );
      await harness.waitForIdle();

      const random = seededRandom(seed);
      const deliveries: Delivery[] = runs.flatMap((_, run) =>
        (['strava', 'garmin-summary', 'garmin-details', 'garmin-file', 'fit'] as const).map((source) => ({
          run,
          source,
        })),
      );
      for (let index = deliveries.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1));
        [deliveries[index], deliveries[other]] = [deliveries[other]!, deliveries[index]!];
      }
      const onGarmin = new Map<number, Promise<GarminActivity>>();
      const garminActivity = (run: number) => {
        let activity = onGarmin.get(run);
        if (!activity) {
          activity = harness.garmin.addActivity(garminUser.userId, { fitFile: runs[run]!.path });
          onGarmin.set(run, activity);
        }
        return activity;
      };
      // Each notification is answered before the next is sent; the jobs they queue run meanwhile, on two
      // workers, so sources of the same run are often stored at the same moment.
      for (const { run, source } of deliveries) {
        const { activity } = runs[run]!;
        if (source === 'strava') {
          const created = harness.strava!.createActivity(stravaId, stravaSpec(activity), { notify: true });
          expect((await created.delivery)?.delivered).toBe(true);
        } else if (source === 'fit') {
          const [result] = await importFitFiles([runs[run]!.path], {
            db: stack.database,
            athlete,
            logger: silentLogger,
            queue: harness.queue,
          });
          expect(['imported', 'duplicate']).toContain(result?.status);
        } else {
          const garminRun = await garminActivity(run);
          const delivery =
            source === 'garmin-summary'
              ? await harness.garmin.pushActivities(garminUser.userId, [garminRun])
              : source === 'garmin-details'
                ? await harness.garmin.pushActivityDetails(garminUser.userId, [garminRun])
                : await harness.garmin.pingActivityFile(garminUser.userId, garminRun);
          expect(delivery.outcome).toBe('delivered');
        }
      }
      await harness.waitForIdle(180_000);

      const stored = await activitiesOf(athlete.id);
      expect(stored).toHaveLength(runs.length);
      for (const row of stored) {
        expect(row.providers).toEqual(['fit_file', 'garmin', 'strava']);
        expect(row.streamsProvider).toBe('fit_file');
      }
      const [first, second] = doubleDay.map((index) => runs[index]!.activity.startTime.getTime());
      expect(stored.filter((row) => [first, second].includes(row.startTime.getTime()))).toHaveLength(2);
      expect(await analysisOf(athlete.id)).toEqual(reference);
    }, 300_000);
  }
});

/** The run as Strava would list it: the same start, duration, distance and heart rate as the file. */
function stravaSpec(activity: ImportedActivity): ActivitySpec {
  const sportType =
    activity.sport === 'running' ? 'Run' : activity.sport === 'cycling' ? 'Ride' : 'WeightTraining';
  return {
    name: `${sportType} of ${activity.startTime.toISOString().slice(0, 10)}`,
    sportType,
    startDate: activity.startTime,
    timeZone: TIME_ZONE,
    elapsedSeconds: Math.round(activity.elapsedTimeS),
    movingSeconds: Math.round(activity.movingTimeS ?? activity.elapsedTimeS),
    distanceMeters: activity.distanceM ?? 0,
    hasHeartRate: activity.avgHeartRate !== null,
    averageHeartRate: activity.avgHeartRate,
    maxHeartRate: activity.maxHeartRate,
    manual: false,
    trainer: false,
    private: false,
    deviceName: 'Strava App',
  };
}
