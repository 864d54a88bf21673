/**
 * bench:strava — a Strava backfill from the emulator, through weekwise's real path (OAuth connect, BullMQ
 * workers, the Redis rate-limit governor, PostgreSQL). Two runs:
 *   1. unthrottled (limits far above the work): activities per second of the whole pipeline;
 *   2. under Strava's usual app limits (100 reads per 15 min, 1,000 a day) with the shared clock running
 *      fast: requests per imported activity against the minimum possible — one list call per 200
 *      activities plus one streams call per activity with heart rate — and the 429s received.
 * Target (issue 4): requests ≤ 1.01 × the minimum, zero 429s.
 *   BENCH_STRAVA_ACTIVITIES=1000 npm run bench:strava
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/db/database.ts';
import { createScratchDatabase, createTempDir, scratchQueuePrefix, testConfig } from '../support/services.ts';
import { startStravaHarness } from '../support/strava-harness.ts';
import { printRows, timed, trackPeakMemory } from './bench-support.ts';

const ACTIVITIES = Number(process.env.BENCH_STRAVA_ACTIVITIES ?? 1000);
const CLOCK_RATE = Number(process.env.BENCH_STRAVA_CLOCK_RATE ?? 100);

async function backfillRun(
  label: string,
  limits: { read: { fifteenMinutes: number; daily: number } },
  clockRate: number,
) {
  const scratch = await createScratchDatabase();
  const prefix = scratchQueuePrefix();
  const dataDir = createTempDir();
  const config = testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path, redis: prefix });
  const database = await openDatabase(config, { migrate: true });
  const stack = { database, config, databaseUrl: scratch.url, queuePrefix: prefix.prefix };
  const harness = await startStravaHarness(stack, {
    emulator: {
      limits: {
        read: limits.read,
        overall: { fifteenMinutes: limits.read.fifteenMinutes * 2, daily: limits.read.daily * 2 },
      },
    },
  });
  try {
    harness.emulator.addAthlete({ id: 9001 });
    const activities = harness.emulator.addActivities(9001, ACTIVITIES, {
      from: new Date(harness.clock.nowMs() - 3 * 365 * 24 * 3600_000),
      to: new Date(harness.clock.nowMs() - 3600_000),
    });
    harness.emulator.resetRequestStats();
    const clockStart = harness.clock.nowMs();
    harness.clock.setRate(clockRate);
    const memory = trackPeakMemory();
    const { seconds } = await timed(async () => {
      const connected = await harness.connect(`bench-${randomUUID()}@weekwise.test`, 9001);
      if (connected.status !== 200)
        throw new Error(`connect failed (${connected.status}): ${connected.page}`);
      await harness.waitForIdle(3600_000);
    });
    const peak = memory.stop();
    const simulatedMinutes = (harness.clock.nowMs() - clockStart) / 60_000;
    harness.clock.setRate(1);
    const stored = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM activity_source WHERE provider = 'strava'`,
    );
    const stats = harness.emulator.stats();
    const withSamples = activities.filter((activity) => activity.hasHeartRate && !activity.manual).length;
    const minimum = Math.ceil(ACTIVITIES / 200) + withSamples;
    const apiRequests = Object.entries(stats.requests.byEndpoint)
      .filter(([endpoint]) => endpoint.includes('/api/v3/'))
      .reduce((sum, [, count]) => sum + count, 0);
    return { label, seconds, peak, simulatedMinutes, stored: stored.rows[0]!.n, stats, minimum, apiRequests };
  } finally {
    await harness.close();
    await database.close();
    await scratch.drop();
    await prefix.clear();
    dataDir.remove();
  }
}

const unthrottled = await backfillRun(
  'unthrottled',
  { read: { fifteenMinutes: 1_000_000, daily: 10_000_000 } },
  1,
);
const limited = await backfillRun(
  "Strava's usual limits",
  { read: { fifteenMinutes: 100, daily: 1000 } },
  CLOCK_RATE,
);

for (const run of [unthrottled, limited]) {
  printRows(`Strava backfill of ${ACTIVITIES} activities — ${run.label}`, [
    ['activities stored', `${run.stored} of ${ACTIVITIES}`],
    ['wall time', `${run.seconds.toFixed(1)} s`],
    ['activities/s (wall)', (run.stored / run.seconds).toFixed(1)],
    [
      'Strava time elapsed',
      `${run.simulatedMinutes.toFixed(0)} min (clock ×${run === limited ? CLOCK_RATE : 1})`,
    ],
    ['API requests', `${run.apiRequests}`],
    [
      'minimum possible',
      `${run.minimum} (list ${Math.ceil(ACTIVITIES / 200)} + streams ${run.minimum - Math.ceil(ACTIVITIES / 200)})`,
    ],
    ['ratio to minimum', `${(run.apiRequests / run.minimum).toFixed(4)} (target ≤ 1.01)`],
    ['requests per activity', (run.apiRequests / Math.max(1, run.stored)).toFixed(3)],
    ['429 answers', `${run.stats.requests.rateLimited} (target 0)`],
    ['peak RSS (bench process)', `${run.peak.toFixed(0)} MiB`],
  ]);
}
const windowsNeeded = Math.ceil(limited.minimum / 100);
console.log(
  `\nUnder the usual limits the backfill needs at least ${windowsNeeded} windows of 15 minutes ` +
    `(${(windowsNeeded * 15) / 60} h of Strava time); it took ${(limited.simulatedMinutes / 60).toFixed(1)} h.`,
);
process.exit(0);
