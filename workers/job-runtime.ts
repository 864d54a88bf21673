import { Redis } from 'ioredis';
import type { Config } from '../config/config.ts';
import type { Database } from '../src/db/database.ts';
import { type Clock, systemClock } from '../src/domain/clock.ts';
import { BullmqJobQueue } from '../src/jobs/bullmq-job-queue.ts';
import { InProcessJobQueue } from '../src/jobs/in-process-job-queue.ts';
import type { JobQueue } from '../src/jobs/job-queue.ts';
import type { Logger } from '../src/logging/logger.ts';
import { createMailer, type Mailer } from '../src/mail/mailer.ts';
import { createProviderServices, type ProviderServices } from '../src/providers/provider-services.ts';
import { createJobRegistry } from './jobs/index.ts';

export interface JobRuntime {
  queue: JobQueue;
  /** The Redis connection behind BullMQ, or null for the in-process queue. */
  redis: Redis | null;
  providers: ProviderServices;
  mailer: Mailer | null;
  close(): Promise<void>;
}

/** BullMQ on Redis when REDIS_URL is set; otherwise the same handlers run in this process. */
export function createJobRuntime(
  config: Config,
  db: Database,
  logger: Logger,
  options: { clock?: Clock; autoRun?: boolean } = {},
): JobRuntime {
  const clock = options.clock ?? systemClock;
  const mailer = createMailer(config.mail);
  if (config.redisUrl) {
    // BullMQ's workers block on Redis: they need maxRetriesPerRequest null to wait out a Redis restart.
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new BullmqJobQueue(redis, config.queuePrefix);
    return {
      queue,
      redis,
      providers: createProviderServices({ config, pool: db.pool, redis, clock }),
      mailer,
      async close() {
        await queue.close();
        redis.disconnect();
        mailer?.close();
      },
    };
  }
  // A long-running process (the server) runs jobs as they come; a command runs them when it is done.
  const queue = new InProcessJobQueue(createJobRegistry(), { autoRun: options.autoRun ?? false });
  const providers = createProviderServices({ config, pool: db.pool, redis: null, clock });
  queue.attach({ config, db, logger, clock, providers, mailer });
  return {
    queue,
    redis: null,
    providers,
    mailer,
    async close() {
      await queue.close();
      mailer?.close();
    },
  };
}
