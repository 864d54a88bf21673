import type { Viewer } from '../accounts/web-session.store.ts';
import { html, type SafeHtml } from './html.ts';
import { renderPage } from './page-layout.ts';

/** The form that asks for a sign-in link; `next` is where to land afterwards (a local path). */
export function signInForm(options: {
  csrfToken: string;
  next?: string | null;
  email?: string | null;
}): SafeHtml {
  return html`<form method="post" action="/auth/sign-in" class="stack">
<input type="hidden" name="_csrf" value="${options.csrfToken}">
${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : null}
<label for="email">Your email address</label>
<input id="email" name="email" type="email" required autocomplete="email" inputmode="email" value="${options.email ?? ''}" placeholder="you@example.com">
<button type="submit" class="button">Email me a sign-in link</button>
</form>`;
}

export function renderSignInPage(options: {
  csrfToken: string;
  next?: string | null;
  email?: string | null;
  problem?: string | null;
}): string {
  return renderPage({
    title: 'Sign in',
    viewer: null,
    body: html`<section class="card narrow sign-in">
<h1>Sign in to weekwise</h1>
<p class="lede">Runners see how their training weeks balance out; coaches follow the fatigue of the runners who invited them.</p>
${options.problem ? html`<p class="notice problem" role="alert">${options.problem}</p>` : null}
${signInForm(options)}
<p class="small muted">No password: we email you a link that signs you in once, within 15 minutes.</p>
</section>`,
  });
}

export function renderCheckEmailPage(email: string): string {
  return renderPage({
    title: 'Check your email',
    viewer: null,
    body: html`<section class="card narrow">
<h1>Check your email</h1>
<p>If <strong>${email}</strong> can receive email, a sign-in link is on its way. It works once, within 15 minutes.</p>
<p class="small muted">Nothing after a few minutes? Look in the spam folder, or <a href="/">ask for another link</a>.</p>
</section>`,
  });
}

/**
 * What the emailed link opens: a button, not an automatic sign-in, because mail scanners follow links
 * with GET and would use up a single-use link before its owner clicks it.
 */
export function renderConfirmSignInPage(options: {
  token: string;
  email: string;
  next: string | null;
  csrfToken: string;
  viewer: Viewer | null;
}): string {
  return renderPage({
    title: 'Sign in',
    viewer: null,
    body: html`<section class="card narrow">
<h1>Sign in as ${options.email}</h1>
${options.viewer && options.viewer.email !== options.email ? html`<p class="notice">You are signed in as ${options.viewer.email}; this signs you in as ${options.email} instead.</p>` : null}
<form method="post" action="/auth/link" class="stack">
<input type="hidden" name="_csrf" value="${options.csrfToken}">
<input type="hidden" name="token" value="${options.token}">
${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : null}
<button type="submit" class="button">Sign in</button>
</form>
</section>`,
  });
}
