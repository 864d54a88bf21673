/**
 * npm run bench:import — imports the real FIT corpus (../shared/fixtures/fit) into a fresh database and
 * compares the whole import with fit-file-parser alone on the same files, measured in the same run.
 * Target: whole import ≤ 1.3 × the parser alone.
 *   BENCH_REPEAT=7 npm run bench:import        (default 3 rounds; the ratio is the median of the rounds' ratios)
 *   BENCH_EMBEDDED=1 npm run bench:import      (embedded PGlite instead of the local PostgreSQL server)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import FitParser from 'fit-file-parser';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createScratchDatabase, createTempDir, postgresAvailable, testConfig } from '../support/services.ts';
import { FIT_FIXTURES_DIR } from '../support/shared-fixtures.ts';
import { median, printRows, timed, trackPeakMemory } from './bench-support.ts';

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const useEmbedded = process.env.BENCH_EMBEDDED === '1' || !(await postgresAvailable());

const files = readdirSync(FIT_FIXTURES_DIR)
  .filter((name) => name.endsWith('.fit'))
  .map((name) => join(FIT_FIXTURES_DIR, name));
const totalBytes = files.reduce((total, file) => total + statSync(file).size, 0);
const buffers = files.map((file) => readFileSync(file));

async function parseAllWithFitFileParser(): Promise<number> {
  let records = 0;
  for (const buffer of buffers) {
    const parser = new FitParser({ force: true, mode: 'list', speedUnit: 'm/s', lengthUnit: 'm' });
    try {
      const data = await parser.parseAsync(buffer);
      records += data.records?.length ?? 0;
    } catch {
      // empty and truncated files: the parser refuses them, as it does inside the import
    }
  }
  return records;
}

const scratch = useEmbedded ? null : await createScratchDatabase();
const dataDir = createTempDir();
const database = await openDatabase(testConfig({ databaseUrl: scratch?.url, dataDir: dataDir.path }), {
  migrate: true,
});
const logger = createLogger({ level: 'silent' });

const parserSeconds: number[] = [];
const importSeconds: number[] = [];
let samples = 0;
let peakMiB = 0;
await parseAllWithFitFileParser(); // warm-up: JIT and file cache, for both sides alike
for (let round = 0; round < repeat; round++) {
  parserSeconds.push((await timed(parseAllWithFitFileParser)).seconds);
  // A new athlete each round: the same files are new to them, so every round is a full import.
  const athlete = await findOrCreateAthlete(database.prisma, `bench-${round}@example.com`);
  const memory = trackPeakMemory();
  const { seconds } = await timed(() =>
    importFitFiles([FIT_FIXTURES_DIR], { db: database, athlete, logger }),
  );
  peakMiB = Math.max(peakMiB, memory.stop());
  importSeconds.push(seconds);
  if (round === 0) {
    const rows = await database.pool.query<{ samples: string }>(
      `SELECT coalesce(sum(s.sample_count), 0) AS samples FROM activity_stream s JOIN activity a ON a.id = s.activity_id
       WHERE a.athlete_id = $1 AND s.type = 'time'`,
      [athlete.id],
    );
    samples = Number(rows.rows[0]?.samples ?? 0);
  }
}
await database.close();
await scratch?.drop();
dataDir.remove();

const parser = median(parserSeconds);
const whole = median(importSeconds);
// Each round times the parser and then the import, seconds apart: their ratio is taken round by round, so
// that the machine's drift (a shared host speeds up and slows down over seconds) falls on both sides.
const roundRatios = importSeconds.map((seconds, round) => seconds / parserSeconds[round]!);
printRows(
  `bench:import — ${files.length} real FIT files, ${(totalBytes / 1024 / 1024).toFixed(2)} MiB, median of ${repeat}`,
  [
    ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`],
    ['database', useEmbedded ? 'embedded PGlite' : 'PostgreSQL server (127.0.0.1)'],
    [
      'fit-file-parser alone',
      `${parser.toFixed(2)} s  (${(totalBytes / 1024 / 1024 / parser).toFixed(2)} MB/s)`,
    ],
    [
      'whole import',
      `${whole.toFixed(2)} s  (${(files.length / whole).toFixed(1)} files/s, ${(totalBytes / 1024 / 1024 / whole).toFixed(2)} MB/s)`,
    ],
    ['samples stored', `${samples} (${Math.round(samples / whole)} samples/s)`],
    ['peak memory (RSS)', `${peakMiB.toFixed(0)} MiB`],
    [
      'ratio import / parser',
      `${median(roundRatios).toFixed(2)}  (target ≤ 1.30; median of the rounds' ratios: ${roundRatios.map((ratio) => ratio.toFixed(2)).join(' ')})`,
    ],
    // Interference from other tenants only ever adds time: the fastest round of each is the nearest to
    // what the code costs on this machine.
    [
      'ratio, fastest rounds',
      `${(Math.min(...importSeconds) / Math.min(...parserSeconds)).toFixed(2)}  (${Math.min(...importSeconds).toFixed(2)} s / ${Math.min(...parserSeconds).toFixed(2)} s)`,
    ],
  ],
);
