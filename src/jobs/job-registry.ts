import type { z } from 'zod';
import type { Config } from '../../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ProviderServices } from '../providers/provider-services.ts';
import type { JobDefinition, JobOutcome } from './job-definition.ts';
import type { JobQueue } from './job-queue.ts';

export interface JobContext {
  config: Config;
  db: Database;
  queue: JobQueue;
  logger: Logger;
  clock: Clock;
  /** Provider clients (null when that provider is not configured), the token cipher. */
  providers: ProviderServices;
  /** SMTP, or null when none is configured. */
  mailer: Mailer | null;
}

export type JobHandler<Schema extends z.ZodType = z.ZodType> = (
  payload: z.infer<Schema>,
  context: JobContext,
) => Promise<JobOutcome>;

export interface JobRegistration<Schema extends z.ZodType = z.ZodType> {
  definition: JobDefinition<string, Schema>;
  handle: JobHandler<Schema>;
}

export function registerJob<Schema extends z.ZodType>(
  definition: JobDefinition<string, Schema>,
  handle: JobHandler<Schema>,
): JobRegistration {
  return { definition, handle } as unknown as JobRegistration;
}

/**
 * Every defined job has exactly one handler: checked at start-up, so a job can never be queued that no
 * worker would run (nor two handlers race for one).
 */
export class JobRegistry {
  private readonly byName = new Map<string, JobRegistration>();

  constructor(definitions: ReadonlyArray<JobDefinition>, registrations: ReadonlyArray<JobRegistration>) {
    for (const registration of registrations) {
      const name = registration.definition.name;
      if (this.byName.has(name)) throw new Error(`job "${name}" has two handlers`);
      if (!definitions.includes(registration.definition))
        throw new Error(`job "${name}" has a handler but no definition`);
      this.byName.set(name, registration);
    }
    const missing = definitions.filter((definition) => !this.byName.has(definition.name));
    if (missing.length)
      throw new Error(`no handler for job(s): ${missing.map((definition) => definition.name).join(', ')}`);
  }

  get(name: string): JobRegistration {
    const registration = this.byName.get(name);
    if (!registration) throw new Error(`unknown job "${name}"`);
    return registration;
  }

  /** Names of the jobs that run on one queue. */
  definitionsOf(queue: string): string[] {
    return [...this.byName.values()]
      .filter((registration) => registration.definition.queue === queue)
      .map((registration) => registration.definition.name);
  }

  queues(): string[] {
    return [...new Set([...this.byName.values()].map((registration) => registration.definition.queue))];
  }
}
