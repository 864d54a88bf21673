import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { GarminEmulator } from '../emulators/garmin/garmin-emulator.ts';
import type { StravaEmulator } from '../emulators/strava/strava-emulator.ts';
import type { FastForwardScheduler } from './scheduler-recovery.ts';
import { restartPostgres, restartRedis } from './service-restarts.ts';
import { syncProgress } from './sync-audit.ts';
import type { KilledJob, WeekwiseProcesses } from './weekwise-processes.ts';

export interface FaultLog {
  kills: KilledJob[];
  redisRestarts: Array<{ downMs: number }>;
  postgresRestarts: Array<{ downMs: number }>;
  /** One line per fault: when, what, and how many activities were stored at that moment. */
  timeline: string[];
  seconds: number;
}

/** Shares of provider calls (API, token, files) answered 5xx, or held past weekwise's PROVIDER_TIMEOUT_MS. */
export const SERVER_ERROR_RATE = 0.08;
export const TIMEOUT_RATE = 0.04;
const HOLD_MS = 4000;
/**
 * Garmin's faults, on from before its runners connect until the end of the schedule. Garmin documents
 * no rate-limit headers, so its 429s come at random, like its 5xx, rather than from a spent window.
 */
export const GARMIN_FAULTS = {
  serverErrorRate: SERVER_ERROR_RATE,
  timeoutRate: TIMEOUT_RATE,
  hangMs: HOLD_MS,
  rateLimitedRate: 0.05,
};

async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * The faults, one after the other while the backfills, webhook events and Garmin's pushes run: Strava's
 * and Garmin's 5xx and time-outs (and Garmin's 429s) throughout, a worker killed mid-job, PostgreSQL
 * restarted, another kill, Strava's 429s, then Redis restarted.
 * The order matters twice. A spent rate-limit window makes the governor (in Redis) hold every sync job
 * until the next quarter hour, so the 429s come just before the Redis restart, which forgets the window.
 * And Redis goes last because it takes every queued job with it: what was queued then (most of the
 * samples still to fetch) must be recovered from PostgreSQL by the scheduler, while the work before it ran
 * through the other faults. The scheduler's sweep then queues it again, with Strava still failing.
 */
export async function runFaultSchedule(deps: {
  processes: WeekwiseProcesses;
  emulator: StravaEmulator;
  garmin: GarminEmulator;
  pool: pg.Pool;
  scheduler: FastForwardScheduler;
}): Promise<FaultLog> {
  const { processes, emulator, garmin, pool, scheduler } = deps;
  const started = Date.now();
  const log: FaultLog = { kills: [], redisRestarts: [], postgresRestarts: [], timeline: [], seconds: 0 };
  const note = async (what: string) => {
    const progress = await syncProgress(pool);
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    log.timeline.push(`${seconds} s  ${what} (${progress})`);
  };
  const kill = async () => {
    const killed = await processes.killWorkerMidJob();
    log.kills.push(killed);
    await note(
      `SIGKILL ${killed.worker} during ${killed.job} ${killed.jobId}${killed.midJob ? '' : ' (its handler had just returned)'}; a new worker started`,
    );
  };

  emulator.faults.set({ serverErrorRate: SERVER_ERROR_RATE, timeoutRate: TIMEOUT_RATE, timeoutMs: HOLD_MS });
  garmin.faults.set(GARMIN_FAULTS);
  await note(
    `Strava and Garmin answer 5xx on ${SERVER_ERROR_RATE * 100}% of calls, hold ${TIMEOUT_RATE * 100}%; Garmin 429 on ${GARMIN_FAULTS.rateLimitedRate * 100}%`,
  );
  await kill();
  await sleep(4000);

  const postgres = await restartPostgres();
  log.postgresRestarts.push(postgres);
  await note(`PostgreSQL restarted (down ${(postgres.downMs / 1000).toFixed(1)} s)`);
  await sleep(3000);

  await kill();
  await sleep(4000);

  const limits = emulator.limits;
  const refusedBefore = emulator.stats().requests.rateLimited;
  emulator.setLimits({ read: { fifteenMinutes: 1 } });
  await waitUntil(() => emulator.stats().requests.rateLimited > refusedBefore, 'no 429 was answered', 30_000);
  await sleep(1000);
  emulator.setLimits(limits);
  await note(
    `Strava read limit lowered to 1 per 15 min, then restored: ${emulator.stats().requests.rateLimited - refusedBefore} answered 429`,
  );
  await sleep(2000);

  const redis = await restartRedis();
  log.redisRestarts.push(redis);
  await note(`Redis restarted, every key lost (down ${(redis.downMs / 1000).toFixed(1)} s)`);
  await sleep(1000);

  // The scheduler's sweep brings back what Redis lost, and that work too runs through faults.
  const round = await scheduler.round();
  await note(
    `scheduler sweep: ${round.eventsRequeued} events and ${round.syncsRequeued} syncs queued again, ${round.athletesQueued} athletes for analysis`,
  );
  await sleep(3000);
  await kill();
  await sleep(8000);

  emulator.faults.clear();
  garmin.faults.set({ serverErrorRate: 0, timeoutRate: 0, rateLimitedRate: 0 });
  await note('Strava and Garmin answer normally again');
  log.seconds = (Date.now() - started) / 1000;
  return log;
}
