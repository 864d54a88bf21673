import type { Config } from '../../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ProviderServices } from '../providers/provider-services.ts';

/** What the routes need; passed in, so tests can run the server on scratch services and a driven clock. */
export interface HttpContext {
  config: Config;
  db: Database;
  queue: JobQueue;
  providers: ProviderServices;
  clock: Clock;
  logger: Logger;
  /**
   * Sends sign-in links and coach invitations. Left out, the web routes make their own from config.mail
   * (null there: links are written to the log outside production, see src/web/accounts/deliver-link.ts).
   */
  mailer?: Mailer | null;
}
