import { type Config, ConfigError, loadConfig } from '../../config/config.ts';
import { createJobRuntime, type JobRuntime } from '../../workers/job-runtime.ts';
import { type Database, openDatabase } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import type { ProviderServices } from '../providers/provider-services.ts';
import { loadOrCreateLocalKey } from '../security/encryption-key.ts';
import { TokenSigner } from '../security/signed-token.ts';

/** What every command needs, created on first use so that `--help` needs no database. */
export class CliContext {
  private database: Database | null = null;
  private jobs: JobRuntime | null = null;
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
  async jobRuntime(options: { autoRun?: boolean } = {}): Promise<JobRuntime> {
    this.jobs ??= createJobRuntime(this.config, await this.db(), this.logger, options);
    return this.jobs;
  }

  async close(): Promise<void> {
    await this.jobs?.close();
    this.jobs = null;
    await this.database?.close();
    this.database = null;
  }
}

export { ConfigError };
