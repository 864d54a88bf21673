import type { Viewer } from '../accounts/web-session.store.ts';
import { html, type SafeHtml } from './html.ts';
import { renderPage } from './page-layout.ts';

/** A page with one message (errors, "not found", "check your email") and an optional next step. */
export function renderMessagePage(page: {
  title: string;
  message: string;
  viewer: Viewer | null;
  csrfToken?: string;
  extra?: SafeHtml;
}): string {
  return renderPage({
    title: page.title,
    viewer: page.viewer,
    csrfToken: page.csrfToken,
    body: html`<section class="card narrow"><h1>${page.title}</h1><p>${page.message}</p>
${page.extra ?? (page.viewer ? html`<p><a href="/dashboard">Back to the dashboard</a></p>` : html`<p><a href="/">Sign in</a></p>`)}
</section>`,
  });
}
