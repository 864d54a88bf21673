import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { decodeStream } from '../../src/domain/stream-codec.ts';
import type { Athlete } from '../../src/generated/prisma/client.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import type { FileImportResult } from '../../src/ingest/import-result.ts';
import { expectedImportStatus, readFitManifest } from '../support/fit-manifest.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
  testConfig,
} from '../support/services.ts';
import { FIT_FIXTURES_DIR, fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { silentLogger } from '../support/test-logger.ts';

/** The corpus holds one turbo session recorded by both Zwift and a fenix 6, starting the same second. */
const SAME_RIDE_RECORDED_TWICE: Record<string, string> = {
  'FITfileR__zwift-turbo.fit': 'FITfileR__garmin-fenix6-turbo.fit',
};

const ready = sharedFixturesAvailable() && (await postgresAvailable());

describe.skipIf(!ready)('importing the real FIT corpus into PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  let athlete: Athlete;
  let results: FileImportResult[];
  const dataDir = createTempDir();
  const byName = (name: string) => results.find((result) => basename(result.file) === name)!;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase(testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path }), {
      migrate: true,
    });
    athlete = await findOrCreateAthlete(database.prisma, 'corpus@example.com');
    results = await importFitFiles([FIT_FIXTURES_DIR], {
      db: database,
      athlete,
      logger: silentLogger,
    });
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    dataDir.remove();
  });

  it('gives every file in the MANIFEST the status it should have', () => {
    const manifest = readFitManifest();
    expect(results).toHaveLength(manifest.length);
    for (const entry of manifest) {
      const result = byName(entry.file);
      const expected = entry.file in SAME_RIDE_RECORDED_TWICE ? 'duplicate' : expectedImportStatus(entry);
      expect({ file: entry.file, status: result.status }).toEqual({ file: entry.file, status: expected });
      if (result.status === 'failed' || result.status === 'skipped') expect(result.reason).toBeTruthy();
    }
  });

  it('keeps one activity for one ride recorded by two devices (same start second, same sport)', () => {
    for (const [copy, original] of Object.entries(SAME_RIDE_RECORDED_TWICE)) {
      expect(byName(copy).activities.map((activity) => activity.id)).toEqual(
        byName(original).activities.map((activity) => activity.id),
      );
    }
  });

  it('stores one activity per session, with the sport and heart rate the MANIFEST records', () => {
    for (const entry of readFitManifest().filter(
      (row) => expectedImportStatus(row) === 'imported' && !row.truncated,
    )) {
      const result = byName(entry.file);
      const sessions = result.activities.filter((activity) => activity.sport !== 'multisport');
      if (entry.sessions && entry.sessions > 0) {
        // Chained files hold more sections than the MANIFEST's parser read; all of them are imported.
        if (entry.chained) expect(sessions.length).toBeGreaterThanOrEqual(entry.sessions);
        else expect(sessions, entry.file).toHaveLength(entry.sessions);
      } else {
        expect(sessions, `${entry.file}: a file without a session message still gives its run`).toHaveLength(
          1,
        );
      }
      const hasSamples = sessions.some((activity) => activity.hasHeartRate);
      if (entry.heartRate === 'yes') expect(hasSamples, entry.file).toBe(true);
      if (entry.heartRate === 'no') expect(hasSamples, entry.file).toBe(false);
    }
  });

  it('maps sports and sub-sports onto weekwise names', () => {
    expect(byName('elevate__treadmill.fit').activities[0]).toMatchObject({
      sport: 'running',
      subSport: 'treadmill',
    });
    expect(byName('elevate__bloemendaal.fit').activities[0]).toMatchObject({
      sport: 'running',
      subSport: 'trail',
    });
    expect(byName('jimmykane-fit-parser__user_metrics.fit').activities[0]?.sport).toBe('strength');
    expect(byName('FITfileR__garmin-fenix6-swim.fit').activities[0]).toMatchObject({
      sport: 'swimming',
      subSport: 'open_water',
    });
  });

  it('keeps multisport sessions together under one parent', async () => {
    const result = byName('jimmykane-fit-parser__triathlon_summary_first.fit');
    const parent = result.activities.find((activity) => activity.sport === 'multisport');
    expect(parent).toBeDefined();
    const children = await database.prisma.activity.findMany({
      where: { parentId: parent!.id },
      orderBy: { startTime: 'asc' },
    });
    expect(children.map((child) => child.sport)).toEqual([
      'swimming',
      'transition',
      'cycling',
      'transition',
      'running',
    ]);
  });

  it('stores compact streams, one row per activity and type, matching the recorded samples', async () => {
    const run = byName('FitFileParser__running.fit').activities[0]!;
    const rows = await database.prisma.activityStream.findMany({ where: { activityId: run.id } });
    const types = rows.map((row) => row.type).sort();
    expect(types).toEqual(expect.arrayContaining(['time', 'heart_rate', 'distance', 'speed']));
    const time = decodeStream(rows.find((row) => row.type === 'time')!.data);
    const heartRate = decodeStream(rows.find((row) => row.type === 'heart_rate')!.data);
    expect(time.length).toBe(heartRate.length);
    expect(time.length).toBeGreaterThan(6000);
    expect(time[0]).toBeGreaterThanOrEqual(0);
    for (let index = 1; index < time.length; index++)
      expect(time[index]!).toBeGreaterThanOrEqual(time[index - 1]!);
    const valid = Array.from(heartRate).filter((value) => !Number.isNaN(value));
    expect(valid.length).toBe(run.heartRateSamples);
    expect(Math.min(...valid)).toBeGreaterThan(30);
    expect(Math.max(...valid)).toBeLessThan(230);
    const distance = decodeStream(rows.find((row) => row.type === 'distance')!.data);
    const lastDistance = Array.from(distance)
      .filter((value) => !Number.isNaN(value))
      .at(-1)!;
    expect(lastDistance).toBeCloseTo(run.distanceM!, -2);
  });

  it('salvages a truncated file and says so', () => {
    const result = byName('python-fitparse__strava-android-app-201.10-b1218918.fit');
    expect(result.status).toBe('imported');
    expect(result.activities.length).toBeGreaterThan(0);
    expect(result.warnings?.join(' ')).toMatch(/truncated/i);
  });

  it('imports every section of a chained file', async () => {
    const result = byName('fitdecode__garmin-fr935-cr.fit');
    expect(result.status).toBe('imported');
    const heartRate = result.activities.reduce((total, activity) => total + activity.heartRateSamples, 0);
    expect(heartRate).toBeGreaterThan(0);
  });

  it('keeps the raw source beside each activity, and an import log for every file', async () => {
    const sources = await database.prisma.activitySource.count({ where: { provider: 'fit_file' } });
    expect(sources).toBeGreaterThan(50);
    const logs = await database.prisma.importLog.findMany({ where: { athleteId: athlete.id } });
    expect(logs).toHaveLength(results.length);
    expect(logs.filter((log) => log.status === 'failed').every((log) => log.reason)).toBe(true);
  });

  it('stores nothing new when the same files are imported again, and reports the stored activities', async () => {
    const before = await database.prisma.activity.count();
    const again = await importFitFiles([FIT_FIXTURES_DIR], {
      db: database,
      athlete,
      logger: silentLogger,
    });
    expect(await database.prisma.activity.count()).toBe(before);
    for (const result of again) {
      const first = results.find((candidate) => candidate.file === result.file)!;
      if (first.status === 'imported') {
        expect(result.status).toBe('duplicate');
        expect(result.activities.map((activity) => activity.id).sort()).toEqual(
          first.activities.map((activity) => activity.id).sort(),
        );
      } else {
        expect(result.status).toBe(first.status);
      }
    }
  });

  it("keeps each athlete's activities their own when two import the same file", async () => {
    const other = await findOrCreateAthlete(database.prisma, 'someone-else@example.com');
    const file = fitFixture('elevate__sloatsburg.fit');
    const [mine] = results.filter((result) => result.file === file);
    const [theirs] = await importFitFiles([file], {
      db: database,
      athlete: other,
      logger: silentLogger,
    });
    expect(theirs?.status).toBe('imported');
    expect(theirs?.activities[0]?.id).not.toBe(mine?.activities[0]?.id);
    const owners = await database.prisma.activity.findMany({
      where: { id: { in: [theirs!.activities[0]!.id, mine!.activities[0]!.id] } },
      select: { athleteId: true },
    });
    expect(owners.map((row) => row.athleteId).sort()).toEqual([athlete.id, other.id].sort());
  });

  it('recognises the same recording under another name and with other bytes (start time + sport)', async () => {
    const copy = createTempDir();
    try {
      const original = fitFixture('elevate__portland.fit');
      const renamed = join(copy.path, 'portland-copy.fit');
      copyFileSync(original, renamed);
      // Trailing bytes change the content hash but not the recording.
      const withTail = join(copy.path, 'portland-tail.fit');
      writeFileSync(withTail, Buffer.concat([readFileSync(original), Buffer.alloc(3)]));
      const before = await database.prisma.activity.count();
      const [byHash, byStart] = await importFitFiles([renamed, withTail], {
        db: database,
        athlete,
        logger: silentLogger,
      });
      expect(byHash?.status).toBe('duplicate');
      expect(byStart?.status).toBe('duplicate');
      expect(await database.prisma.activity.count()).toBe(before);
    } finally {
      copy.remove();
    }
  });
});

describe.skipIf(!sharedFixturesAvailable())('importing on the embedded database', () => {
  it('imports, lists and de-duplicates with no server at all', async () => {
    const dataDir = createTempDir();
    const database = await openDatabase(testConfig({ dataDir: dataDir.path }));
    try {
      expect(database.kind).toBe('embedded');
      const athlete = await findOrCreateAthlete(database.prisma, 'embedded@example.com');
      const files = [
        fitFixture('elevate__kaiteriteri.fit'),
        fitFixture('elevate__empty.fit'),
        fitFixture('python-fitparse__Settings.fit'),
      ];
      const first = await importFitFiles(files, { db: database, athlete, logger: silentLogger });
      expect(first.map((result) => result.status)).toEqual(['imported', 'failed', 'skipped']);
      const second = await importFitFiles(files, { db: database, athlete, logger: silentLogger });
      expect(second.map((result) => result.status)).toEqual(['duplicate', 'failed', 'skipped']);
      expect(await database.prisma.activity.count({ where: { athleteId: athlete.id } })).toBe(1);
    } finally {
      await database.close();
      dataDir.remove();
    }
  });
});
