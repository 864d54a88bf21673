import { Redis } from 'ioredis';
import cron from 'node-cron';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { BullmqJobQueue } from '../src/jobs/bullmq-job-queue.ts';
import type { Logger } from '../src/logging/logger.ts';
import { runNightlyAnalysis } from '../src/scheduling/run-nightly-analysis.ts';

export interface RunningScheduler {
  /** Runs the nightly analysis now, as the schedule would. */
  runNow(): Promise<{ queued: number }>;
  stop(): Promise<void>;
}

/** The scheduler process: queues the nightly analysis on its cron schedule; the workers do the work. */
export async function startScheduler(config: Config, logger: Logger): Promise<RunningScheduler> {
  if (!config.redisUrl)
    throw new Error('the scheduler needs REDIS_URL: it queues work for `weekwise worker`');
  const db = await openDatabase(config, {
    onIdleError: (error) => logger.warn({ err: error }, 'database connection lost; reconnecting on next use'),
  });
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
  logger.info({ schedule: config.nightlyAnalysisCron, next: task.getNextRun() }, 'scheduler ready');
  return {
    runNow,
    async stop() {
      await task.destroy();
      await queue.close();
      redis.disconnect();
      await db.close();
    },
  };
}
