import type { z } from 'zod';
import type { JobDefinition } from './job-definition.ts';

export interface EnqueueOptions {
  delayMs?: number;
  /** Lower runs first (BullMQ's convention); unset = normal. */
  priority?: number;
}

/** Where jobs are sent: BullMQ on Redis with a REDIS_URL, or this process (the embedded default). */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue<Schema extends z.ZodType>(
    definition: JobDefinition<string, Schema>,
    payload: z.infer<Schema>,
    options?: EnqueueOptions,
  ): Promise<void>;
  /** Resolves when no job is waiting or running (in-process); BullMQ workers are other processes, so it returns. */
  whenIdle(): Promise<void>;
  /** Jobs of one queue not finished yet (waiting, delayed or running): what a CLI waits for. */
  unfinishedCount(queue: JobDefinition['queue']): Promise<number>;
  close(): Promise<void>;
}
