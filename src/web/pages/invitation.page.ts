import type { Viewer } from '../accounts/web-session.store.ts';
import { html } from './html.ts';
import { renderPage } from './page-layout.ts';
import { signInForm } from './sign-in.page.ts';

/**
 * What a coach's invitation link opens. Signed in with the invited address: an Accept button. Otherwise:
 * a sign-in form whose link brings them back here.
 */
export function renderInvitationPage(options: {
  viewer: Viewer | null;
  csrfToken: string;
  token: string;
  runnerName: string;
  coachEmail: string;
}): string {
  const { viewer } = options;
  const here = `/invitations?${new URLSearchParams({ token: options.token })}`;
  let action = html`<p>Sign in with <strong>${options.coachEmail}</strong> to accept.</p>
${signInForm({ csrfToken: options.csrfToken, next: here, email: options.coachEmail })}`;
  if (viewer && viewer.email === options.coachEmail) {
    action = html`<form method="post" action="/invitations/accept" class="stack">
<input type="hidden" name="_csrf" value="${options.csrfToken}"><input type="hidden" name="token" value="${options.token}">
<button type="submit" class="button">Accept and see ${options.runnerName}'s training</button></form>`;
  } else if (viewer) {
    action = html`<p class="notice problem">You are signed in as ${viewer.email}, but this invitation was sent to ${options.coachEmail}. Sign out, then open the link again and sign in with that address.</p>`;
  }
  return renderPage({
    title: 'Invitation',
    viewer,
    csrfToken: options.csrfToken,
    body: html`<section class="card narrow"><h1>${options.runnerName} invites you</h1>
<p>${options.runnerName} would like you to coach them on weekwise: you would see their fitness, fatigue and form, their training weeks with verdicts, and alerts. They can end it at any time.</p>
${action}</section>`,
  });
}
