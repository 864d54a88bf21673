import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { JobDefinition } from './job-definition.ts';
import type { EnqueueOptions, JobQueue } from './job-queue.ts';

/**
 * Enqueues onto BullMQ. The job id comes from the definition, so a second enqueue of the same work while
 * the first is still waiting is a no-op. Finished jobs are removed (after a while) so that the same id can
 * run again later; failed ones are kept for a week as the dead-letter record.
 */
export class BullmqJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  async enqueue<Schema extends z.ZodType>(
    definition: JobDefinition<string, Schema>,
    payload: z.infer<Schema>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const data = definition.payload.parse(payload);
    await this.queue(definition.queue).add(definition.name, data, {
      jobId: definition.jobId(data),
      attempts: definition.retry.attempts,
      backoff: { type: 'exponential', delay: definition.retry.backoffMs },
      delay: options.delayMs,
      priority: options.priority,
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async whenIdle(): Promise<void> {}

  async unfinishedCount(queue: JobDefinition['queue']): Promise<number> {
    const counts = await this.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
