import { type Config, ConfigError, loadConfig } from '../../config/config.ts';
import type { JobRuntime } from '../../workers/job-runtime.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import type { ProviderServices } from '../providers/provider-services.ts';
import { loadOrCreateLocalKey } from '../security/encryption-key.ts';
import { TokenSigner } from '../security/signed-token.ts';

/** What every command needs, created on first use so that `--help` needs no database. */
export class CliContext {
  private database: Database | null = null;
  private jobs: Promise<JobRuntime> | null = null;
  readonly logger: Logger;

  constructor(
    readonly config: Config,
    verbose: boolean,
  ) {
    this.logger = createLogger({
      level: verbose ? 'debug' : config.logLevel,
      pretty: Boolean(process.stderr.isTTY),
    });
  }

  static create(verbose: boolean): CliContext {
    return new CliContext(loadConfig(), verbose);
  }

  async db(): Promise<Database> {
    if (!this.database) {
      this.logger.debug(
        { storage: this.config.database.url ? 'postgresql server' : `embedded (${this.config.dataDir})` },
        'opening database',
      );
      // Loaded when first needed, as the job runtime below: `--help` and the commands that need neither
      // start without them (the job runtime and every job's code took ~1 s of each start-up through tsx).
      const { openDatabase } = await import('../db/database.ts');
      this.database = await openDatabase(this.config, {
        onIdleError: (error) =>
          this.logger.warn({ err: error }, 'database connection lost; reconnecting on next use'),
        onMigrated: (report) => {
          if (report.applied.length) this.logger.info({ applied: report.applied }, 'database migrated');
        },
      });
    }
    return this.database;
  }

  /** Where commands send work: BullMQ with REDIS_URL, else this process (waited for before exit). */
  async queue(): Promise<JobQueue> {
    return (await this.jobRuntime()).queue;
  }

  /** Provider clients, the token cipher and signer (built with the job runtime, which shares its Redis). */
  async providers(): Promise<ProviderServices> {
    return (await this.jobRuntime()).providers;
  }

  /** The signer of links (unsubscribe, connect): the key alone, so a preview needs no Redis. */
  signer(): TokenSigner {
    return new TokenSigner(this.config.encryptionKey ?? loadOrCreateLocalKey(this.config.dataDir));
  }

  /** A long-running command (the server) asks first, so that in-process jobs run as they are queued. */
  jobRuntime(options: { autoRun?: boolean } = {}): Promise<JobRuntime> {
    this.jobs ??= this.db().then(async (db) => {
      const { createJobRuntime } = await import('../../workers/job-runtime.ts');
      return createJobRuntime(this.config, db, this.logger, options);
    });
    return this.jobs;
  }

  async close(): Promise<void> {
    const jobs = await this.jobs?.catch(() => null);
    await jobs?.close();
    this.jobs = null;
    await this.database?.close();
    this.database = null;
  }
}

export { ConfigError };
