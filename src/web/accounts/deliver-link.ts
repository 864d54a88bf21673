import type { OutgoingMail } from '../../mail/mailer.ts';
import type { WebContext } from '../web-context.ts';

/**
 * Sends a link email. Without an SMTP server there is nobody to send it: outside production the link is
 * written to the server's log instead, so a local `weekwise serve` after `weekwise demo` can be signed in
 * to; in production the failure is reported and nothing leaks to the log.
 */
export async function deliverLinkMail(
  context: WebContext,
  mail: OutgoingMail,
  link: string,
): Promise<'sent' | 'logged' | 'failed'> {
  if (!context.mailer) {
    if (context.production) {
      context.logger.error(
        'no SMTP server configured (SMTP_HOST): sign-in and invitation emails cannot be sent',
      );
      return 'failed';
    }
    context.logger.warn(
      { to: mail.to, link },
      `no SMTP server configured: "${mail.subject}" not sent; its link is here`,
    );
    return 'logged';
  }
  try {
    await context.mailer.send(mail);
    return 'sent';
  } catch (error) {
    context.logger.error({ err: error, to: mail.to }, `could not send "${mail.subject}"`);
    return 'failed';
  }
}
