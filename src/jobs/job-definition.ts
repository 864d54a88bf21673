import type { z } from 'zod';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First retry delay; each next one doubles (exponential backoff). */
  backoffMs: number;
}

/**
 * One job = a name, a versioned payload schema, retry options and a deterministic id built from the
 * entities it works on, so that enqueuing the same work twice yields one job.
 */
export interface JobDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  name: Name;
  version: number;
  /** BullMQ queue this job runs on; queues separate work with different concurrency and limits. */
  queue: 'analysis' | 'sync' | 'mail';
  payload: Schema;
  retry: RetryPolicy;
  jobId(payload: z.infer<Schema>): string;
}

export function defineJob<Name extends string, Schema extends z.ZodType>(
  definition: JobDefinition<Name, Schema>,
): JobDefinition<Name, Schema> {
  return definition;
}

/** A failure that retrying cannot fix (a deleted row, a corrupt file, a revoked token): ends the job at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Not a failure: the job cannot run before `retryAt` (a provider's rate-limit window is spent). The queue
 * puts it back to run then, without using up one of its attempts.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    readonly retryAt: Date,
    reason: string,
  ) {
    super(reason);
  }
}

export type JobOutcome = { status: 'success'; detail?: string } | { status: 'skipped'; reason: string };
