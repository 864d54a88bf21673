/**
 * npm run bench:analysis — the analysis at scale, on the local PostgreSQL and Redis.
 *   1. runs/s classified: analyzeActivity over synthetic 1-hour runs sampled at 1 s, against a baseline
 *      that only reads every heart-rate sample once (the least any analysis must do), same run.
 *   2. a year of N synthetic athletes stored (activities, their first analysis from 5-s samples).
 *   3. the nightly recompute of all N athletes through the scheduler, BullMQ and two worker processes:
 *      athletes/s, projected to 10,000 athletes (target: under 5 minutes).
 *   4. an incremental night: 5% of athletes get a new run (target: under 30 s).
 *   BENCH_ATHLETES=10000 npm run bench:analysis   (default 300)
 *   BENCH_WORKER_CONCURRENCY=2 …                  (jobs per worker process, default 4)
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

function peakMiB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const classification = measureClassification();

const scratch = await createScratchDatabase();
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

// 4. An incremental night: 5% of athletes record one more run.
// 5% of the athletes, but at least 100 (or all) so that the rate is measured over enough of them.
const changedCount = Math.min(ATHLETES, Math.max(Math.ceil(ATHLETES / 20), 100));
const changed = athleteIds.slice(0, changedCount);
const incremental = await timed(async () => {
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
    await queue.enqueue(analyzeActivityJob, { activityId });
  }
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
await scratch.drop();
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
      `${(storedRuns / populate.seconds).toFixed(0)} runs/s, ${(ATHLETES / populate.seconds).toFixed(1)} athletes/s (incl. generating and storing)`,
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
