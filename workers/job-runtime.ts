import { Redis } from 'ioredis';
import type { Config } from '../config/config.ts';
import type { Database } from '../src/db/database.ts';
import { BullmqJobQueue } from '../src/jobs/bullmq-job-queue.ts';
import { InProcessJobQueue } from '../src/jobs/in-process-job-queue.ts';
import type { JobQueue } from '../src/jobs/job-queue.ts';
import type { Logger } from '../src/logging/logger.ts';
import { createJobRegistry } from './jobs/index.ts';

export interface JobRuntime {
  queue: JobQueue;
  /** The Redis connection behind BullMQ, or null for the in-process queue. */
  redis: Redis | null;
  close(): Promise<void>;
}

/** BullMQ on Redis when REDIS_URL is set; otherwise the same handlers run in this process. */
export function createJobRuntime(config: Config, db: Database, logger: Logger): JobRuntime {
  if (config.redisUrl) {
    // BullMQ's workers block on Redis: they need maxRetriesPerRequest null to wait out a Redis restart.
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new BullmqJobQueue(redis, config.queuePrefix);
    return {
      queue,
      redis,
      async close() {
        await queue.close();
        redis.disconnect();
      },
    };
  }
  const queue = new InProcessJobQueue(createJobRegistry());
  queue.attach({ config, db, logger });
  return { queue, redis: null, close: () => queue.close() };
}
