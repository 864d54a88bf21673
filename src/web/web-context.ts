import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { TokenSigner } from '../security/signed-token.ts';

/** What the web routes use: the server's services plus the few settings derived from the public address. */
export interface WebContext {
  db: Database;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
  /** Null when no SMTP server is configured. */
  mailer: Mailer | null;
  /** Where people reach weekwise, without a trailing slash: every emailed link starts with it. */
  publicUrl: string;
  /** Cookies carry `Secure` (and the `__Host-` prefix) when weekwise is served over https. */
  secureCookies: boolean;
  /** Outside production a sign-in link may be logged when there is no mailer (a local, single-user setup). */
  production: boolean;
}
