import type { Viewer } from '../accounts/web-session.store.ts';
import { type AssetName, assetUrl } from '../assets/web-assets.ts';
import { html, type SafeHtml } from './html.ts';

export interface PageOptions {
  title: string;
  viewer: Viewer | null;
  /** Needed whenever the page has a form (sign-out included) or a script that posts. */
  csrfToken?: string;
  /** Which navigation entry is the current page. */
  section?: 'roster' | 'self' | null;
  body: SafeHtml;
  scripts?: AssetName[];
}

/**
 * Every page: a header with the signed-in person's navigation and sign-out, the content, and the page's
 * scripts (external only: the pages carry no inline script or style, see content-security-policy.ts).
 */
export function renderPage(page: PageOptions): string {
  const scripts = page.scripts?.length ? ['echarts.min.js' as const, ...page.scripts] : [];
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · weekwise</title>
${page.csrfToken ? html`<meta name="csrf-token" content="${page.csrfToken}">` : null}
<link rel="stylesheet" href="${assetUrl('dashboard.css')}">
${scripts.map((name) => html`<script src="${assetUrl(name)}" defer></script>`)}
</head><body>
<header class="top"><div class="top-inner">
<a class="brand" href="${page.viewer ? '/dashboard' : '/'}">weekwise</a>
${page.viewer ? navigation(page.viewer, page.section ?? null, page.csrfToken ?? '') : null}
</div></header>
<main class="page">${page.body}</main>
</body></html>`.value;
}

function navigation(viewer: Viewer, section: PageOptions['section'], csrfToken: string): SafeHtml {
  const current = (name: PageOptions['section']) => (section === name ? html` aria-current="page"` : null);
  return html`<nav class="nav" aria-label="Main">
<a href="/roster"${current('roster')}>Athletes</a>
${viewer.athleteId ? html`<a href="/athletes/${viewer.athleteId}"${current('self')}>My training</a>` : null}
<a href="/docs" class="nav-secondary">API</a>
<form method="post" action="/auth/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${csrfToken}">
<button type="submit" class="link-button" title="Signed in as ${viewer.email}">Sign out</button></form>
</nav>`;
}
