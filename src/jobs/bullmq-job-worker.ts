import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { PermanentJobError, RetryLaterError } from './job-definition.ts';
import type { JobContext, JobRegistry } from './job-registry.ts';
import { runJob } from './run-job.ts';

export interface WorkerOptions {
  /** Redis key prefix, the same as the queue's. */
  prefix: string;
  concurrency: number;
  /**
   * How long a job's lock lives without renewal. A worker killed mid-job stops renewing it; once it has
   * expired, BullMQ's stalled-job check hands the job to another worker (or this one after a restart).
   */
  lockDurationMs: number;
}

/** Consumes every queue the registry knows, with BullMQ's retries; a permanent failure is not retried. */
export function startBullmqWorkers(
  registry: JobRegistry,
  connection: Redis,
  context: JobContext,
  options: WorkerOptions,
): Worker[] {
  return registry.queues().map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        try {
          return await runJob(registry, job.name, job.data, context, {
            id: job.id ?? '?',
            number: job.attemptsMade + 1,
          });
        } catch (error) {
          if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
          if (error instanceof RetryLaterError && token) {
            // Back to the delayed set until the window reopens; DelayedError tells BullMQ this is not a
            // failure, so no attempt is used up and no retry storm follows a spent rate limit.
            context.logger.debug({ job: job.name, jobId: job.id, retryAt: error.retryAt }, error.message);
            await job.moveToDelayed(Date.now() + context.clock.millisecondsUntil(error.retryAt), token);
            throw new DelayedError();
          }
          throw error;
        }
      },
      {
        connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        lockDuration: options.lockDurationMs,
        stalledInterval: Math.max(1000, Math.floor(options.lockDurationMs / 2)),
        maxStalledCount: 3,
      },
    );
    worker.on('failed', (job, error) => {
      const exhausted =
        !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
      context.logger.warn(
        { err: error, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade },
        exhausted ? 'job failed for good' : 'job failed, will retry',
      );
    });
    worker.on('error', (error) => context.logger.error({ err: error, queue }, 'worker error'));
    return worker;
  });
}
