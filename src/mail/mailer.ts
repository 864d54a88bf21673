import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../../config/config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic, so that a message sent twice by accident is recognisably the same one. */
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ cid: string; filename: string; content: Buffer; contentType: string }>;
}

/** The receiving server refused the address for good (SMTP 5xx to RCPT TO): trying again will not help. */
export class AddressRefusedError extends Error {
  override name = 'AddressRefusedError';
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** SMTP through nodemailer; null when no SMTP server is configured (messages can then only be previewed). */
export function createMailer(config: MailConfig | null): Mailer | null {
  if (!config) return null;
  // A pool keeps a few SMTP connections open: a Monday morning sends thousands of digests.
  const transport: Transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
          attachments: mail.attachments,
          // weekwise writes English: quoted-printable is what nodemailer would pick after scanning each
          // part (measured: the scans cost a third of building a digest's MIME message).
          textEncoding: 'quoted-printable',
        });
        return { messageId: info.messageId };
      } catch (error) {
        const smtp = error as { responseCode?: number; command?: string; response?: string };
        if (smtp.command === 'RCPT TO' && smtp.responseCode && smtp.responseCode >= 500) {
          throw new AddressRefusedError(`${mail.to} refused: ${smtp.response ?? smtp.responseCode}`);
        }
        throw error;
      }
    },
    close: () => transport.close(),
  };
}
