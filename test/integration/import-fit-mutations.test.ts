import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { decodeStream } from '../../src/domain/stream-codec.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import type { FileImportResult } from '../../src/ingest/import-result.ts';
import { encodeActivityFit, generateSyntheticRun, toImportedActivity } from '../../src/synthetic/index.ts';
import { CHECKS, MUTATION_CASES } from '../support/fit-mutation-cases.ts';
import { YEAR_MS } from '../support/fit-mutations.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
  testConfig,
} from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { silentLogger } from '../support/test-logger.ts';

/** What a runner may never read in a reason or warning: internals leaking out of an unexpected failure. */
const UNREADABLE =
  /undefined|NaN|Infinity|\[object |\n\s+at |(Type|Range|Reference)?Error:|could not import|could not decode/;

interface StoredActivity {
  id: string;
  startTime: Date;
  utcOffsetS: number | null;
  elapsedTimeS: number;
  movingTimeS: number | null;
  distanceM: number | null;
  avgHeartRate: number | null;
  maxHeartRate: number | null;
  heartRateSamples: number;
  streams: Record<string, Float64Array>;
  sources: number;
}

interface Imported {
  result: FileImportResult;
  athleteId: string;
  activities: StoredActivity[];
}

/** A run the synthetic generator records (always available), and a real watch's run from ../shared. */
function bases(): Array<{ name: string; bytes: Uint8Array }> {
  const run = generateSyntheticRun({ kind: 'recovery', seed: 11, durationS: 30 * 60, sampleIntervalS: 2 });
  // Three weeks ago at 07:00 UTC: in the past wherever and whenever the test runs.
  const start = new Date(Math.floor(Date.now() / 86_400_000 - 21) * 86_400_000 + 7 * 3600_000);
  const synthetic = encodeActivityFit(
    toImportedActivity(
      { sport: 'running', subSport: null, startTime: start, utcOffsetS: 3600 },
      run.summary,
      run.streams,
    ),
  );
  return [
    { name: 'synthetic run', bytes: synthetic },
    { name: 'elevate run', bytes: readFileSync(fitFixture('elevate__20171011_run_2088390344.fit')) },
  ];
}

const ready = sharedFixturesAvailable() && (await postgresAvailable());

describe.skipIf(!ready)('importing FIT files broken on purpose (headers, values, times, order)', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  const folder = createTempDir();
  const dataDir = createTempDir();
  const sources = ready ? bases() : [];
  /** Each file goes to an athlete of its own: mutants of one run would otherwise be one session. */
  const imports = new Map<string, Imported>();
  const key = (base: string, name: string) => `${base} / ${name}`;

  async function storedActivities(athleteId: string): Promise<StoredActivity[]> {
    const { rows } = await database.pool.query<Omit<StoredActivity, 'streams'>>(
      `SELECT a.id, a.start_time AS "startTime", a.utc_offset_s AS "utcOffsetS", a.elapsed_time_s AS "elapsedTimeS",
         a.moving_time_s AS "movingTimeS", a.distance_m AS "distanceM", a.avg_heart_rate AS "avgHeartRate",
         a.max_heart_rate AS "maxHeartRate", a.heart_rate_samples AS "heartRateSamples",
         (SELECT count(*)::int FROM activity_source s WHERE s.activity_id = a.id AND s.provider = 'fit_file') AS sources
       FROM activity a WHERE a.athlete_id = $1`,
      [athleteId],
    );
    const activities: StoredActivity[] = [];
    for (const row of rows) {
      const streams = await database.pool.query<{ type: string; sampleCount: number; data: Buffer }>(
        'SELECT type, sample_count AS "sampleCount", data FROM activity_stream WHERE activity_id = $1',
        [row.id],
      );
      const decoded: Record<string, Float64Array> = {};
      for (const stream of streams.rows) {
        decoded[stream.type] = decodeStream(stream.data);
        expect(decoded[stream.type]!.length, `${stream.type} stream length`).toBe(stream.sampleCount);
      }
      activities.push({ ...row, streams: decoded });
    }
    return activities;
  }

  async function importAs(label: string, bytes: Uint8Array): Promise<Imported> {
    const athlete = await findOrCreateAthlete(database.prisma, `${label.replace(/\W+/g, '-')}@mutants.test`);
    const path = join(folder.path, `${label.replace(/\W+/g, '-')}.fit`);
    writeFileSync(path, bytes);
    const [result] = await importFitFiles([path], { db: database, athlete, logger: silentLogger });
    return { result: result!, athleteId: athlete.id, activities: await storedActivities(athlete.id) };
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase(testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path }), {
      migrate: true,
    });
    for (const [index, base] of sources.entries()) {
      imports.set(key(base.name, 'untouched'), await importAs(`${base.name} untouched`, base.bytes));
      const donor = sources[(index + 1) % sources.length]!.bytes;
      for (const mutation of MUTATION_CASES) {
        const label = key(base.name, mutation.name);
        imports.set(label, await importAs(label, mutation.mutate(base.bytes, donor)));
      }
    }
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    folder.remove();
    dataDir.remove();
  });

  const cases = sources.flatMap((base) => MUTATION_CASES.map((mutation) => ({ base: base.name, mutation })));

  it.each(cases)('$base, $mutation.class: $mutation.name', ({ base, mutation }) => {
    const original = imports.get(key(base, 'untouched'))!;
    const mutant = imports.get(key(base, mutation.name))!;
    expect(original.result.status).toBe('imported');
    const { result, activities } = mutant;
    const said = [result.reason ?? '', ...(result.warnings ?? [])];
    for (const text of said) expect(text, 'a reason or warning a runner can read').not.toMatch(UNREADABLE);

    const { expected } = mutation;
    if (
      expected.status === 'failed' ||
      (expected.status === 'imported or failed' && result.status === 'failed')
    ) {
      expect(result.status).toBe('failed');
      if (expected.status === 'failed') expect(result.reason).toMatch(expected.reason);
      expect(result.reason?.length).toBeGreaterThan(10);
      // Nothing half-written: no activity, no source, no stream for this athlete.
      expect(activities).toEqual([]);
      return;
    }
    expect(result.status, result.reason).toBe('imported');
    const newWarnings = (result.warnings ?? []).filter(
      (warning) => !original.result.warnings?.includes(warning),
    );
    if (expected.status === 'imported' && expected.warning) {
      expect(newWarnings, 'the warning that says what was wrong').toContainEqual(
        expect.stringMatching(expected.warning),
      );
    } else if (expected.status === 'imported') {
      expect(newWarnings).toEqual([]);
    }
    expect(activities).toHaveLength(1);
    const stored = activities[0]!;
    expectSane(stored);
    if (mutation.check)
      runCheck(mutation.check, stored, original.activities[0]!, mutant.result, original.result);
  });

  it('analyses every imported mutant into finite zones, TRIMP, loads and week figures', async () => {
    const withActivities = [...imports.values()].filter((each) => each.activities.length);
    const athletes = withActivities.map((each) => each.athleteId);
    for (const { athleteId, activities } of withActivities) {
      // "Now" a week after the run: the weeks analysed are the run's, not every week since 2017.
      const now = new Date(activities[0]!.startTime.getTime() + 7 * 86_400_000);
      const summary = await recomputeAthleteAnalysis(database, athleteId, RULE_SET_V1, now);
      expect(summary?.analysed).toBeGreaterThan(0);
    }
    const analyses = await database.pool.query<{ z1: number; z2: number; z3: number; trimp: number | null }>(
      'SELECT zone1_s AS z1, zone2_s AS z2, zone3_s AS z3, trimp FROM activity_analysis WHERE athlete_id = ANY($1::uuid[])',
      [athletes],
    );
    expect(analyses.rows.length).toBe(athletes.length);
    for (const row of analyses.rows) {
      for (const zone of [row.z1, row.z2, row.z3]) expect(Number.isFinite(zone) && zone >= 0).toBe(true);
      if (row.trimp !== null) expect(Number.isFinite(row.trimp) && row.trimp >= 0).toBe(true);
    }
    const days = await database.pool.query<Record<string, number>>(
      'SELECT load, ctl, atl, tsb FROM athlete_day WHERE athlete_id = ANY($1::uuid[])',
      [athletes],
    );
    for (const day of days.rows)
      for (const value of Object.values(day)) expect(Number.isFinite(value)).toBe(true);
    const weeks = await database.pool.query<{ facts: { runs?: Array<Record<string, unknown>> } }>(
      'SELECT facts FROM athlete_week WHERE athlete_id = ANY($1::uuid[])',
      [athletes],
    );
    const runs = weeks.rows.flatMap((week) => week.facts.runs ?? []);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      // Through JSON a NaN would come back null: numbers that must be there are checked for being numbers.
      expect(typeof run.movingTimeS).toBe('number');
      expect(run.movingTimeS as number).toBeLessThanOrEqual(7 * 86_400);
      const zones = run.timeInZonesS as Record<string, unknown>;
      for (const zone of Object.values(zones)) expect(typeof zone).toBe('number');
      if (run.distanceM !== null) expect(run.distanceM as number).toBeLessThan(1_000_000);
    }
  }, 120_000);
});

/** What every stored activity must be, whatever its file: nothing impossible, nothing half. */
function expectSane(activity: StoredActivity): void {
  expect(activity.sources, 'one FIT source').toBe(1);
  expect(activity.startTime.getTime()).toBeLessThan(Date.now() + 2 * 86_400_000);
  expect(activity.elapsedTimeS).toBeGreaterThanOrEqual(0);
  expect(activity.elapsedTimeS).toBeLessThanOrEqual(30 * 86_400);
  if (activity.movingTimeS !== null) {
    expect(activity.movingTimeS).toBeGreaterThanOrEqual(0);
    expect(activity.movingTimeS).toBeLessThanOrEqual(activity.elapsedTimeS * 1.01 + 5);
  }
  if (activity.distanceM !== null) {
    expect(activity.distanceM).toBeGreaterThanOrEqual(0);
    expect(activity.distanceM).toBeLessThanOrEqual(Math.max(activity.elapsedTimeS, 1) * 100);
  }
  for (const heartRate of [activity.avgHeartRate, activity.maxHeartRate]) {
    if (heartRate !== null) expect(heartRate > 0 && heartRate < 250).toBe(true);
  }
  const { time, heart_rate: heartRate, distance } = activity.streams;
  if (time) {
    for (let index = 1; index < time.length; index++) expect(time[index]!).toBeGreaterThan(time[index - 1]!);
    for (const stream of Object.values(activity.streams)) expect(stream.length).toBe(time.length);
  }
  const beats = heartRate ? [...heartRate].filter((value) => !Number.isNaN(value)) : [];
  expect(beats.every((value) => value > 0 && value < 250)).toBe(true);
  expect(activity.heartRateSamples).toBe(beats.length);
  for (const metres of distance ?? [])
    if (!Number.isNaN(metres)) expect(metres).toBeLessThanOrEqual(20_000_000);
}

function runCheck(
  check: keyof typeof CHECKS,
  stored: StoredActivity,
  original: StoredActivity,
  result: FileImportResult,
  originalResult: FileImportResult,
): void {
  const what = CHECKS[check];
  const samples = (activity: StoredActivity) => activity.streams.time?.length ?? 0;
  switch (check) {
    case 'sameAsOriginal':
      expect(stored.startTime, what).toEqual(original.startTime);
      expect(stored.elapsedTimeS, what).toBe(original.elapsedTimeS);
      expect(stored.distanceM, what).toBe(original.distanceM);
      expect(stored.heartRateSamples, what).toBe(original.heartRateSamples);
      expect(stored.streams, what).toEqual(original.streams);
      return;
    case 'noHeartRate':
      expect(stored.heartRateSamples, what).toBe(0);
      expect(stored.streams.heart_rate, what).toBeUndefined();
      // A session summary of 0 bpm is no average either; 255 ("no value") leaves none.
      expect(stored.avgHeartRate, what).toBeNull();
      expect(stored.maxHeartRate, what).toBeNull();
      expect(samples(stored)).toBe(samples(original));
      return;
    case 'fewerHeartRates': {
      expect(stored.heartRateSamples, what).toBeLessThan(original.heartRateSamples);
      expect(stored.heartRateSamples, what).toBeGreaterThan(original.heartRateSamples / 2);
      const beats = [...stored.streams.heart_rate!].filter((value) => !Number.isNaN(value));
      const mean = beats.reduce((sum, value) => sum + value, 0) / beats.length;
      expect(stored.avgHeartRate!, what).toBeCloseTo(mean, 0);
      expect(stored.maxHeartRate, what).toBe(Math.max(...beats));
      return;
    }
    case 'firstHalfOnly':
      expect(stored.startTime, what).toEqual(original.startTime);
      expect(samples(stored), what).toBeLessThan(samples(original) * 0.6);
      expect(samples(stored), what).toBeGreaterThan(samples(original) * 0.4);
      return;
    case 'firstTwoThirdsOnly':
      expect(stored.startTime, what).toEqual(original.startTime);
      expect(samples(stored), what).toBeLessThan(samples(original) * 0.7);
      expect(samples(stored), what).toBeGreaterThan(samples(original) * 0.6);
      expect(stored.elapsedTimeS, what).toBeLessThanOrEqual(original.elapsedTimeS);
      return;
    case 'fifteenYearsBack':
      expect(stored.startTime.getTime(), what).toBe(original.startTime.getTime() - 15 * YEAR_MS);
      expect(stored.streams, what).toEqual(original.streams);
      return;
    case 'placedByUtc':
      expect(stored.startTime, what).toEqual(original.startTime);
      expect(stored.utcOffsetS, what).toBeNull();
      // The athlete's zone is UTC: the run lands on its UTC date, not three years later.
      expect(result.activities[0]!.localStartTime.slice(0, 10), what).toBe(
        original.startTime.toISOString().slice(0, 10),
      );
      expect(originalResult.activities[0]!.localStartTime.slice(0, 4)).toBe(
        result.activities[0]!.localStartTime.slice(0, 4),
      );
      return;
    case 'recordsDistance': {
      const recorded = original.streams.distance!;
      const span = recorded[recorded.length - 1]! - recorded[0]!;
      expect(stored.distanceM!, what).toBeCloseTo(span, 0);
      return;
    }
    case 'speedsHuman':
      for (const speed of stored.streams.speed ?? [])
        if (!Number.isNaN(speed)) expect(speed).toBeLessThan(100);
      return;
    case 'durationFromRecords': {
      const time = original.streams.time!;
      expect(stored.elapsedTimeS, what).toBeCloseTo(time[time.length - 1]!, 0);
      expect(stored.movingTimeS!, what).toBeLessThanOrEqual(stored.elapsedTimeS);
      return;
    }
    case 'movingWithinElapsed':
      expect(stored.elapsedTimeS, what).toBe(original.elapsedTimeS);
      expect(stored.movingTimeS!, what).toBeLessThanOrEqual(stored.elapsedTimeS);
      return;
  }
}
