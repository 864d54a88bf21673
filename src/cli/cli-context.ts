import { type Config, ConfigError, loadConfig } from '../../config/config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { createLogger, type Logger } from '../logging/logger.ts';

/** What every command needs, created on first use so that `--help` needs no database. */
export class CliContext {
  private database: Database | null = null;
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
        onMigrated: (report) => {
          if (report.applied.length) this.logger.info({ applied: report.applied }, 'database migrated');
        },
      });
    }
    return this.database;
  }

  async close(): Promise<void> {
    await this.database?.close();
    this.database = null;
  }
}

export { ConfigError };
