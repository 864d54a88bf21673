import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { JobDefinition } from './job-definition.ts';
import { PermanentJobError, RetryLaterError } from './job-definition.ts';
import type { EnqueueOptions, JobQueue } from './job-queue.ts';
import type { JobContext, JobRegistry } from './job-registry.ts';
import { runJob } from './run-job.ts';

interface PendingJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  backoffMs: number;
  runAt: number;
  priority: number;
}

/**
 * The embedded default's queue: the same definitions and handlers as the BullMQ worker, run one at a time
 * in this process, with the same job ids (a job already pending is not added twice) and retries with
 * exponential backoff. Jobs start when the caller waits for them (`whenIdle`, `close`): a command first
 * does its own work (an import of many files), then the follow-up jobs run, coalesced. With `autoRun`
 * (a long-running process) they start as soon as they are queued. Nothing survives the process.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly pending: PendingJob[] = [];
  private running: Promise<void> | null = null;
  /** Name of the job running now, if any. */
  private current: string | null = null;
  private context: JobContext | null = null;
  readonly failures: Array<{ id: string; name: string; error: string }> = [];

  constructor(
    private readonly registry: JobRegistry,
    private readonly options: { autoRun: boolean } = { autoRun: false },
  ) {}

  /** The context handlers get; it holds this queue, so it is attached after construction. */
  attach(context: Omit<JobContext, 'queue'>): void {
    this.context = { ...context, queue: this };
  }

  async enqueue<Schema extends z.ZodType>(
    definition: JobDefinition<string, Schema>,
    payload: z.infer<Schema>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const data = definition.payload.parse(payload);
    const id = definition.jobId(data);
    if (this.pending.some((job) => job.id === id)) return;
    this.pending.push({
      id,
      name: definition.name,
      payload: data,
      attempts: definition.retry.attempts,
      backoffMs: definition.retry.backoffMs,
      runAt: Date.now() + (options.delayMs ?? 0),
      priority: options.priority ?? 0,
    });
    if (this.options.autoRun) this.start();
  }

  async whenIdle(): Promise<void> {
    if (this.pending.length) this.start();
    while (this.running) await this.running;
  }

  async unfinishedCount(queue: JobDefinition['queue']): Promise<number> {
    const names = new Set(this.registry.definitionsOf(queue));
    return (
      this.pending.filter((job) => names.has(job.name)).length +
      (this.current && names.has(this.current) ? 1 : 0)
    );
  }

  private start(): void {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  async close(): Promise<void> {
    await this.whenIdle();
  }

  private async drain(): Promise<void> {
    if (!this.context) throw new Error('InProcessJobQueue used before attach()');
    while (this.pending.length) {
      // Due jobs first, by priority (lower first, as in BullMQ); otherwise wait for the earliest.
      const now = Date.now();
      this.pending.sort(
        (left, right) =>
          Number(left.runAt > now) - Number(right.runAt > now) ||
          (left.runAt > now
            ? left.runAt - right.runAt
            : left.priority - right.priority || left.runAt - right.runAt),
      );
      const job = this.pending[0]!;
      const wait = job.runAt - Date.now();
      if (wait > 0) await sleep(wait);
      this.pending.shift();
      this.current = job.name;
      await this.runWithRetries(job, this.context);
      this.current = null;
    }
  }

  private async runWithRetries(job: PendingJob, context: JobContext): Promise<void> {
    for (let attempt = 1; attempt <= job.attempts; attempt++) {
      try {
        await runJob(this.registry, job.name, job.payload, context, { id: job.id, number: attempt });
        return;
      } catch (error) {
        if (error instanceof RetryLaterError) {
          // Not an attempt: run it again once its window opens.
          context.logger.debug({ job: job.name, jobId: job.id, retryAt: error.retryAt }, error.message);
          this.pending.push({ ...job, runAt: Date.now() + context.clock.millisecondsUntil(error.retryAt) });
          return;
        }
        const permanent = error instanceof PermanentJobError;
        const last = permanent || attempt === job.attempts;
        context.logger.warn(
          { err: error, job: job.name, jobId: job.id, attempt },
          last ? 'job failed' : 'job failed, retrying',
        );
        if (last) {
          this.failures.push({ id: job.id, name: job.name, error: (error as Error).message });
          return;
        }
        await sleep(job.backoffMs * 2 ** (attempt - 1));
      }
    }
  }
}
