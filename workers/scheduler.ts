import { Redis } from 'ioredis';
import cron from 'node-cron';
import type { Config } from '../config/config.ts';
import { warnIfAutovacuumOff } from '../src/db/autovacuum-check.ts';
import { openDatabase } from '../src/db/database.ts';
import { queueDueDigests } from '../src/digest-delivery/find-due-digests.ts';
import { type Clock, systemClock } from '../src/domain/clock.ts';
import { BullmqJobQueue } from '../src/jobs/bullmq-job-queue.ts';
import type { Logger } from '../src/logging/logger.ts';
import { queueGarminCatchUp } from '../src/providers/garmin/garmin-backfill-requests.ts';
import { requeueUnprocessedGarminEvents } from '../src/providers/garmin/garmin-events.ts';
import { queueStravaCatchUp } from '../src/providers/strava/strava-catch-up.ts';
import { requeueUnprocessedEvents } from '../src/scheduling/requeue-unprocessed-events.ts';
import { runNightlyAnalysis } from '../src/scheduling/run-nightly-analysis.ts';

export interface RunningScheduler {
  /** Runs the nightly analysis now, as the schedule would. */
  runNow(): Promise<{ queued: number }>;
  /** The frequent sweep, now: digests that came due, and provider events and syncs left behind. */
  sweepNow(): Promise<{ queued: number }>;
  stop(): Promise<void>;
}

/**
 * The scheduler process: queues the nightly analysis and, every few minutes, the digests that came due
 * in their runners' time zones (and provider events a Redis outage left unqueued); the workers do the work.
 */
export async function startScheduler(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<RunningScheduler> {
  if (!config.redisUrl)
    throw new Error('the scheduler needs REDIS_URL: it queues work for `weekwise worker`');
  const db = await openDatabase(config, {
    onIdleError: (error) => logger.warn({ err: error }, 'database connection lost; reconnecting on next use'),
  });
  await warnIfAutovacuumOff(db, logger);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new BullmqJobQueue(redis, config.queuePrefix);
  const runNow = async () => {
    const result = await runNightlyAnalysis(db, queue);
    logger.info(result, 'nightly analysis queued');
    return result;
  };
  const task = cron.schedule(
    config.nightlyAnalysisCron,
    () => runNow().catch((error) => logger.error({ err: error }, 'nightly analysis failed')),
    {
      name: 'nightly-analysis',
      noOverlap: true,
    },
  );
  const sweepNow = async () => {
    const result = await queueDueDigests(db, queue, clock.now());
    if (result.queued) logger.info(result, 'digests queued');
    const requeued =
      (await requeueUnprocessedEvents(db, queue, clock.now())) +
      (await requeueUnprocessedGarminEvents(db, queue, clock.now()));
    if (requeued) logger.warn({ requeued }, 'provider events queued again');
    const caughtUp = await queueStravaCatchUp(db, queue, clock.now());
    if (caughtUp.queued) logger.info(caughtUp, 'unfinished Strava sync queued again');
    const garminCaughtUp = await queueGarminCatchUp(db, queue, clock.now());
    if (garminCaughtUp.queued) logger.info(garminCaughtUp, 'unanswered Garmin backfill requests asked again');
    return result;
  };
  const digestTask = cron.schedule(
    config.sweepCron,
    () => sweepNow().catch((error) => logger.error({ err: error }, 'frequent sweep failed')),
    { name: 'frequent-sweep', noOverlap: true },
  );
  logger.info(
    { schedule: config.nightlyAnalysisCron, next: task.getNextRun(), digestScan: config.sweepCron },
    'scheduler ready',
  );
  return {
    runNow,
    sweepNow,
    async stop() {
      await task.destroy();
      await digestTask.destroy();
      await queue.close();
      redis.disconnect();
      await db.close();
    },
  };
}
