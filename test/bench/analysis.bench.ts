/**
 * npm run bench:analysis — the analysis at scale, on the local PostgreSQL and Redis.
 *   1. runs/s classified: analyzeActivity over synthetic 1-hour runs sampled at 1 s, against a baseline
 *      that only reads every heart-rate sample once (the least any analysis must do), same run.
 *   2. a year of N synthetic athletes stored (activities, their first analysis from 5-s samples).
 *   3. the nightly recompute of all N athletes through the scheduler, BullMQ and two worker processes:
 *      athletes/s, projected to 10,000 athletes (target: under 5 minutes).
 *   4. an incremental night: 5% of athletes got a new run (stored first, untimed); their analyses and the
 *      nightly run until all are caught up (target: under 30 s).
 *   BENCH_ATHLETES=10000 npm run bench:analysis   (default 300)
 *   BENCH_WORKER_CONCURRENCY=2 …                  (jobs per worker process, default 4)
 *   BENCH_KEEP_DATABASE=1 …                       (keep the populated database, and print its name)
 *   BENCH_DATABASE=weekwise_test_… …              (measure on a database kept before: no populating;
 *                                                  10,000 athletes take ~45 min to populate on 2 cores)
 * After populating, the tables are ANALYZEd, as autovacuum does on a default PostgreSQL (this machine's
 * server runs with autovacuum off): without statistics the planner reads an athlete's 366 analyses as
 * if they were 100,000 rows, with a parallel plan and JIT, ~0.9 s per query.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { type ActivityInput, analyzeActivity, RULE_SET_V1 } from '../../src/analysis/index.ts';
import { markAthleteChanged } from '../../src/athlete-analysis/mark-athlete-changed.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { encodeStreams } from '../../src/domain/stream-codec.ts';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import { analyzeActivityJob } from '../../src/jobs/job-definitions.ts';
import { runNightlyAnalysis } from '../../src/scheduling/run-nightly-analysis.ts';
import { generateSyntheticRun, WORKOUT_KINDS } from '../../src/synthetic/index.ts';
import { type CliProcess, startCli } from '../support/run-cli.ts';
import {
  createScratchDatabase,
  createTempDir,
  scratchQueuePrefix,
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  testConfig,
} from '../support/services.ts';
import { printRows, timed, trackPeakMemory } from './bench-support.ts';
import { storeSyntheticAthlete } from './store-synthetic-athlete.ts';

const ATHLETES = Number(process.env.BENCH_ATHLETES ?? 300);
const TARGET_ATHLETES = 10_000;
const now = new Date();

// 1. Classification speed, in memory.
function measureClassification(): { runsPerS: number; baselinePerS: number; samples: number } {
  const runs = Array.from({ length: 120 }, (_, index) =>
    generateSyntheticRun({
      kind: WORKOUT_KINDS[index % WORKOUT_KINDS.length]!,
      seed: index,
    }),
  );
  const inputs: ActivityInput[] = runs.map((run, index) => ({
    id: `run-${index}`,
    sport: 'running',
    subSport: null,
    startTime: new Date(Date.UTC(2026, 0, 1 + index, 7)),
    utcOffsetS: 3600,
    elapsedTimeS: run.summary.elapsedTimeS,
    movingTimeS: run.summary.movingTimeS,
    distanceM: run.summary.distanceM,
    manual: false,
    avgHeartRate: run.summary.avgHeartRate,
    streams: run.streams,
  }));
  const context = {
    athlete: {
      sex: 'female' as const,
      timeZone: 'Europe/Paris',
      weekStartDay: 1 as const,
      thresholds: [
        { kind: 'lthr' as const, value: 165, validFrom: '2020-01-01', source: 'set' as const },
        { kind: 'max_hr' as const, value: 190, validFrom: '2020-01-01', source: 'set' as const },
        { kind: 'resting_hr' as const, value: 50, validFrom: '2020-01-01', source: 'set' as const },
      ],
    },
    history: { medianRunTimeS: 3000, medianRunSpeedMps: 3, observedMaxHr: null },
  };
  const samples = inputs.reduce((total, input) => total + (input.streams?.timeS.length ?? 0), 0);
  let checksum = 0;
  const baselineStart = performance.now();
  for (let round = 0; round < 5; round++) {
    for (const input of inputs) {
      const heartRate = input.streams!.heartRate!;
      for (let index = 0; index < heartRate.length; index++) checksum += heartRate[index]! || 0;
    }
  }
  const baselineS = (performance.now() - baselineStart) / 1000 / 5;
  const start = performance.now();
  for (let round = 0; round < 5; round++)
    for (const input of inputs) checksum += analyzeActivity(input, context, RULE_SET_V1).trimp ?? 0;
  const analysisS = (performance.now() - start) / 1000 / 5;
  if (checksum === -1) console.log(checksum); // keeps the loops from being optimised away
  return { runsPerS: inputs.length / analysisS, baselinePerS: inputs.length / baselineS, samples };
}

async function waitUntilCaughtUp(db: Database, athleteIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await db.pool.query<{ behind: string }>(
      'SELECT count(*) AS behind FROM athlete_analysis_state WHERE athlete_id = ANY($1) AND analysed_count < change_count',
      [athleteIds],
    );
    if (Number(rows[0]?.behind) === 0) return;
    await sleep(200);
  }
  throw new Error('the workers did not catch up in time');
}

/** A database a previous run kept (BENCH_KEEP_DATABASE=1), on the same server as the scratch ones. */
function existingDatabase(name: string): { url: string } {
  if (!/^weekwise_test_[0-9a-f]+$/.test(name))
    throw new Error(`BENCH_DATABASE: ${name} is not a kept bench database`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString() };
}

function peakMiB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const classification = measureClassification();

const reused = process.env.BENCH_DATABASE;
const scratch: { url: string; drop?: () => Promise<void> } = reused
  ? existingDatabase(reused)
  : await createScratchDatabase();
const dataDir = createTempDir();
const queuePrefix = scratchQueuePrefix();
const config = testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path, redis: queuePrefix });
const db = await openDatabase(config, { migrate: true });
const memory = trackPeakMemory();

const athleteIds: string[] = [];
let storedRuns = 0;
// Two athletes in flight, so that generating one overlaps storing the other (setup only: not measured
// against a target).
const populate = await timed(async () => {
  if (reused) return;
  let nextSeed = 1;
  const storeNext = async (): Promise<void> => {
    while (nextSeed <= ATHLETES) {
      const { athleteId, runs } = await storeSyntheticAthlete(db, nextSeed++, now);
      athleteIds.push(athleteId);
      storedRuns += runs;
    }
  };
  await Promise.all([storeNext(), storeNext()]);
});
if (reused) {
  const stored = await db.pool.query<{ id: string; runs: string }>(
    `SELECT a.id, (SELECT count(*) FROM activity WHERE athlete_id = a.id AND sport = 'running') AS runs
     FROM athlete a WHERE a.email LIKE 'bench-%' ORDER BY a.created_at, a.email LIMIT $1`,
    [ATHLETES],
  );
  for (const row of stored.rows) athleteIds.push(row.id);
  storedRuns = stored.rows.reduce((total, row) => total + Number(row.runs), 0);
}
await db.pool.query('ANALYZE');

const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const queue = new BullmqJobQueue(redis, queuePrefix.prefix);
const env = {
  DATABASE_URL: scratch.url,
  REDIS_URL: TEST_REDIS_URL,
  WEEKWISE_QUEUE_PREFIX: queuePrefix.prefix,
  WEEKWISE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '4',
  LOG_LEVEL: 'warn',
};
const workers: CliProcess[] = [startCli(['worker'], env), startCli(['worker'], env)];
await Promise.all(
  workers.map((worker) => worker.waitForLine(/worker ready|"level":[4-6]/).catch(() => undefined)),
);
await sleep(1500); // both workers connected

// 3. The full nightly recompute: every athlete's data counted as changed.
await db.pool.query(
  'UPDATE athlete_analysis_state SET change_count = change_count + 1 WHERE athlete_id = ANY($1)',
  [athleteIds],
);
const full = await timed(async () => {
  await runNightlyAnalysis(db, queue);
  await waitUntilCaughtUp(db, athleteIds, 60 * 60_000);
});

// 4. An incremental night: 5% of athletes recorded one more run during the day. Storing the runs is the
// syncs' work, not the analysis': it is done first, untimed. Timed: their analyses queued as an import
// queues them, the nightly run, until every changed athlete is caught up.
// 5% of the athletes, but at least 100 (or all) so that the rate is measured over enough of them.
const changedCount = Math.min(ATHLETES, Math.max(Math.ceil(ATHLETES / 20), 100));
const changed = athleteIds.slice(0, changedCount);
const newRuns: string[] = [];
for (const [index, athleteId] of changed.entries()) {
  const run = generateSyntheticRun({ kind: 'easy', seed: 10_000 + index, sampleIntervalS: 5 });
  const activityId = randomUUID();
  await db.prisma.activity.create({
    data: {
      id: activityId,
      athleteId,
      sport: 'running',
      startTime: new Date(now.getTime() - 3 * 3600_000),
      elapsedTimeS: run.summary.elapsedTimeS,
      movingTimeS: run.summary.movingTimeS,
      distanceM: run.summary.distanceM,
      avgHeartRate: run.summary.avgHeartRate,
      streams: { createMany: { data: encodeStreams(run.streams) } },
    },
  });
  await markAthleteChanged(db.pool, athleteId);
  newRuns.push(activityId);
}
const incremental = await timed(async () => {
  for (const activityId of newRuns) await queue.enqueue(analyzeActivityJob, { activityId });
  await runNightlyAnalysis(db, queue);
  await waitUntilCaughtUp(db, changed, 10 * 60_000);
});

const workerPeaks = workers.map((worker) => peakMiB(worker.pid));
for (const worker of workers) worker.kill('SIGTERM');
await Promise.all(workers.map((worker) => worker.exited));
const benchPeak = memory.stop();
await queue.close();
redis.disconnect();
await db.close();
if (process.env.BENCH_KEEP_DATABASE === '1' || reused)
  console.log(`kept the database ${new URL(scratch.url).pathname.slice(1)}`);
else await scratch.drop?.();
await queuePrefix.clear();
dataDir.remove();

const fullRate = ATHLETES / full.seconds;
printRows(
  `bench:analysis — ${ATHLETES} synthetic athletes × 52 weeks (${storedRuns} runs), 2 worker processes × ${env.WORKER_CONCURRENCY} jobs`,
  [
    ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`],
    [
      'classify (1-h runs, 1 s)',
      `${classification.runsPerS.toFixed(0)} runs/s  (${((classification.runsPerS * classification.samples) / 120 / 1e6).toFixed(1)} M samples/s)`,
    ],
    [
      'baseline: read HR once',
      `${classification.baselinePerS.toFixed(0)} runs/s  (analysis costs ${(classification.baselinePerS / classification.runsPerS).toFixed(1)}× a bare read)`,
    ],
    [
      'first analysis (5 s samples)',
      reused
        ? `not measured: the database ${reused} was populated before`
        : `${(storedRuns / populate.seconds).toFixed(0)} runs/s, ${(ATHLETES / populate.seconds).toFixed(1)} athletes/s (incl. generating and storing)`,
    ],
    ['nightly recompute, all', `${full.seconds.toFixed(1)} s: ${fullRate.toFixed(1)} athletes/s`],
    [`projected to ${TARGET_ATHLETES}`, `${(TARGET_ATHLETES / fullRate).toFixed(0)} s  (target < 300 s)`],
    [
      'incremental night',
      `${changed.length} athletes with a new run in ${incremental.seconds.toFixed(1)} s: ${(changed.length / incremental.seconds).toFixed(1)} athletes/s`,
    ],
    [
      `5% of ${TARGET_ATHLETES} (projected)`,
      `${((TARGET_ATHLETES / 20 / changed.length) * incremental.seconds).toFixed(1)} s  (target < 30 s)`,
    ],
    [
      'peak memory (RSS)',
      `bench ${benchPeak.toFixed(0)} MiB, workers ${workerPeaks.map((value) => value.toFixed(0)).join(' / ')} MiB`,
    ],
  ],
);
