import { escapeHtml } from '../../http/html-page.ts';
import type { OutgoingMail } from '../../mail/mailer.ts';

/**
 * The two emails the web sends: a sign-in link and a coach invitation. Plain text first (what many
 * coaches' mail clients show), and a small HTML version with one button.
 */
export function signInMail(to: string, link: string): OutgoingMail {
  return linkMail({
    to,
    subject: 'Your weekwise sign-in link',
    lines: [
      'Someone (hopefully you) asked to sign in to weekwise with this address.',
      'The link works once, within 15 minutes.',
    ],
    button: 'Sign in to weekwise',
    link,
    footer: 'If you did not ask for it, ignore this email: nobody can sign in without the link.',
  });
}

export function coachInvitationMail(to: string, runnerName: string, link: string): OutgoingMail {
  return linkMail({
    to,
    subject: `${runnerName} invites you to follow their training on weekwise`,
    lines: [
      `${runnerName} would like you to coach them on weekwise: you would see their fitness, fatigue and form, their training weeks with verdicts, and alerts.`,
      `Accept by signing in with this address (${to}). The invitation is valid for 14 days.`,
    ],
    button: 'See the invitation',
    link,
    footer: 'If you do not know this runner, ignore this email: nothing is shared until you accept.',
  });
}

function linkMail(mail: {
  to: string;
  subject: string;
  lines: string[];
  button: string;
  link: string;
  footer: string;
}): OutgoingMail {
  const text = [...mail.lines, '', mail.link, '', mail.footer].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;line-height:1.5;max-width:32rem">
${mail.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p><a href="${escapeHtml(mail.link)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none">${escapeHtml(mail.button)}</a></p>
<p style="font-size:.85rem;color:#6b7280">${escapeHtml(mail.footer)}</p>
</body></html>`;
  return { to: mail.to, subject: mail.subject, text, html };
}
