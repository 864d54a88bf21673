import type { JobOutcome } from './job-definition.ts';
import { PermanentJobError } from './job-definition.ts';
import type { JobContext, JobRegistry } from './job-registry.ts';

/**
 * Runs one job the same way for both backends: the payload is validated against its schema (a payload
 * that does not fit can never succeed: permanent), the handler runs with a child logger naming the job,
 * and the outcome is logged.
 */
export async function runJob(
  registry: JobRegistry,
  name: string,
  rawPayload: unknown,
  context: JobContext,
  attempt: { id: string; number: number },
): Promise<JobOutcome> {
  const { definition, handle } = registry.get(name);
  const parsed = definition.payload.safeParse(rawPayload);
  if (!parsed.success) throw new PermanentJobError(`invalid payload for ${name}: ${parsed.error.message}`);
  const logger = context.logger.child({ job: name, jobId: attempt.id, attempt: attempt.number });
  logger.debug('job started');
  const started = performance.now();
  const outcome = await handle(parsed.data, { ...context, logger });
  const ms = Math.round(performance.now() - started);
  if (outcome.status === 'skipped') logger.debug({ ms, reason: outcome.reason }, 'job skipped');
  else logger.debug({ ms, detail: outcome.detail }, 'job done');
  return outcome;
}
