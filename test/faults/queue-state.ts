import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_DEFINITIONS } from '../../src/jobs/job-definitions.ts';
import { TEST_REDIS_URL } from '../support/services.ts';

/** Every state a job that has not finished can be in. */
const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface FailedJob {
  queue: string;
  name: string;
  id: string;
  attempts: number;
  reason: string;
}

/** weekwise's BullMQ queues seen from outside, as an operator would look at them. */
export class QueueState {
  private readonly redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  private readonly queues: Queue[];

  constructor(prefix: string) {
    const names = [...new Set(JOB_DEFINITIONS.map((definition) => definition.queue))];
    this.queues = names.map((name) => new Queue(name, { connection: this.redis, prefix }));
  }

  /** Jobs not finished, per queue and state; only the non-zero counts. */
  async unfinished(): Promise<Record<string, number>> {
    const found: Record<string, number> = {};
    for (const queue of this.queues) {
      const counts = await queue.getJobCounts(...UNFINISHED);
      for (const [state, count] of Object.entries(counts)) {
        if (count > 0) found[`${queue.name}:${state}`] = count;
      }
    }
    return found;
  }

  /**
   * Resolves once no job is unfinished in any queue for several polls in a row (a job that finishes
   * may queue the next one a moment later); rejects with what is left after the timeout.
   */
  async waitUntilIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    let left: Record<string, number> = {};
    while (Date.now() < deadline) {
      left = await this.unfinished();
      quiet = Object.keys(left).length === 0 ? quiet + 1 : 0;
      if (quiet >= 5) return;
      await sleep(300);
    }
    throw new Error(`jobs still unfinished after ${timeoutMs} ms: ${JSON.stringify(left)}`);
  }

  async failedJobs(): Promise<FailedJob[]> {
    const failed: FailedJob[] = [];
    for (const queue of this.queues) {
      for (const job of await queue.getFailed()) {
        failed.push({
          queue: queue.name,
          name: job.name,
          id: job.id ?? '?',
          attempts: job.attemptsMade,
          reason: job.failedReason,
        });
      }
    }
    return failed;
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
    this.redis.disconnect();
  }
}
