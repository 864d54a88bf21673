import { Redis } from 'ioredis';
import type { Config } from '../config/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { type Clock, systemClock } from '../src/domain/clock.ts';
import { BullmqJobQueue } from '../src/jobs/bullmq-job-queue.ts';
import { startBullmqWorkers } from '../src/jobs/bullmq-job-worker.ts';
import type { Logger } from '../src/logging/logger.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { createProviderServices } from '../src/providers/provider-services.ts';
import { createJobRegistry } from './jobs/index.ts';

export interface RunningWorker {
  /** Stops taking jobs, lets the running ones finish, then closes connections. */
  stop(): Promise<void>;
}

/** The job worker process: consumes every weekwise queue on BullMQ until SIGTERM. */
export async function startWorker(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<RunningWorker> {
  if (!config.redisUrl) {
    throw new Error('the worker needs REDIS_URL; without it, jobs run inside each weekwise command');
  }
  const registry = createJobRegistry(); // fails here if a job has no handler or two
  const db: Database = await openDatabase(config, {
    onIdleError: (error) => logger.warn({ err: error }, 'database connection lost; reconnecting on next use'),
  });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new BullmqJobQueue(redis, config.queuePrefix);
  const mailer = createMailer(config.mail);
  const workers = startBullmqWorkers(
    registry,
    redis,
    {
      config,
      db,
      queue,
      logger,
      clock,
      providers: createProviderServices({ config, pool: db.pool, redis, clock }),
      mailer,
    },
    {
      ...config.worker,
      prefix: config.queuePrefix,
    },
  );
  logger.info({ queues: registry.queues(), concurrency: config.worker.concurrency }, 'worker ready');
  return {
    async stop() {
      logger.info('worker stopping: finishing the jobs in hand');
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
      redis.disconnect();
      mailer?.close();
      await db.close();
      logger.info('worker stopped');
    },
  };
}
