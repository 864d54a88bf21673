import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { seededRandom } from '../support/seeded-random.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
  testConfig,
} from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { silentLogger } from '../support/test-logger.ts';

const SOURCES = [
  'elevate__20171011_run_2088390344.fit',
  'python-fitparse__compressed-speed-distance.fit',
  'python-fitparse__garmin-fenix-5-run.fit',
  'jimmykane-fit-parser__failed.fit',
  'muktihari-fit__valid_only_contain_fileid.fit',
  'elevate__pool-swim.fit',
  'tormoder-fit__unterminated-strings.fit',
  'python-fitparse__event_timestamp.fit',
];
const COPIES_PER_SOURCE = 40;

/** Cuts the file short, flips bits, or both, deterministically from the seed. */
function mutate(bytes: Buffer, seed: number): Buffer {
  const random = seededRandom(seed);
  let copy = Buffer.from(bytes);
  const kind = seed % 3;
  if (kind !== 1) copy = copy.subarray(0, Math.floor(random() * copy.length));
  if (kind !== 0) {
    const flips = 1 + Math.floor(random() * 8);
    for (let flip = 0; flip < flips && copy.length > 0; flip++) {
      const at = Math.floor(random() * copy.length);
      copy[at] = copy[at]! ^ (1 << Math.floor(random() * 8));
    }
  }
  return copy;
}

const ready = sharedFixturesAvailable() && (await postgresAvailable());

describe.skipIf(!ready)('importing a few hundred truncated and bit-flipped copies of real files', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  const folder = createTempDir();
  const dataDir = createTempDir();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase(testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path }), {
      migrate: true,
    });
    let seed = 1;
    for (const source of SOURCES) {
      const bytes = readFileSync(fitFixture(source));
      for (let copy = 0; copy < COPIES_PER_SOURCE; copy++, seed++) {
        writeFileSync(
          join(folder.path, `${basename(source, '.fit')}-mutant-${seed}.fit`),
          mutate(bytes, seed),
        );
      }
    }
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    folder.remove();
    dataDir.remove();
  });

  it('gives every file a status and a reason, and writes nothing half', async () => {
    const athlete = await findOrCreateAthlete(database.prisma, 'mutants@example.com');
    const results = await importFitFiles([folder.path], {
      db: database,
      athlete,
      logger: silentLogger,
    });
    expect(results).toHaveLength(SOURCES.length * COPIES_PER_SOURCE);
    for (const result of results) {
      expect(['imported', 'duplicate', 'skipped', 'failed']).toContain(result.status);
      if (result.status === 'failed' || result.status === 'skipped')
        expect(result.reason, result.file).toBeTruthy();
      expect(result.reason ?? '', result.file).not.toMatch(/could not import/); // no unexpected exception
    }
    // Every stored activity belongs to a file reported as imported or duplicate; failed files left nothing.
    const reported = new Set(results.flatMap((result) => result.activities.map((activity) => activity.id)));
    const stored = await database.prisma.activity.findMany({
      where: { athleteId: athlete.id },
      select: { id: true },
    });
    expect(stored.every((activity) => reported.has(activity.id))).toBe(true);
    const counts: Record<string, number> = {};
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    console.log(`mutants: ${results.length} files → ${JSON.stringify(counts)}`);
    expect(counts.imported ?? 0).toBeGreaterThan(0);
    expect(counts.failed ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
