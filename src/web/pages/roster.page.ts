import { RULE_SET_V1 } from '../../analysis/index.ts';
import type { Viewer } from '../accounts/web-session.store.ts';
import type { AthleteOverview } from '../read-models/athlete-overview.ts';
import { formatDate } from './display-format.ts';
import { alertBadges, alertEvidence, currentFigures, riskBadge, sparkLegend } from './figure-widgets.ts';
import { html, type SafeHtml } from './html.ts';
import { renderPage } from './page-layout.ts';

/** The coach's roster: one card per athlete, most worrying first, with a sparkline drawn by roster.js. */
export function renderRosterPage(options: {
  viewer: Viewer;
  csrfToken: string;
  roster: AthleteOverview[];
}): string {
  const { roster, viewer } = options;
  const body = roster.length
    ? html`<h1>Your athletes</h1>
<p class="lede">Most worrying first: active alerts, then today's form, load ratio and monotony. The cut-offs are guides, not diagnoses.</p>
<ol class="roster" data-form-alert="${RULE_SET_V1.alerts.tsbBelow}">${roster.map(athleteCard)}</ol>`
    : html`<section class="card narrow"><h1>No athletes yet</h1>
<p>When a runner invites <strong>${viewer.email}</strong> as their coach, you get an email; accept it and their training appears here.</p>
${viewer.athleteId ? html`<p><a href="/athletes/${viewer.athleteId}">See your own training</a></p>` : null}
</section>`;
  return renderPage({
    title: 'Athletes',
    viewer,
    csrfToken: options.csrfToken,
    section: 'roster',
    body,
    scripts: roster.length ? ['roster.js'] : [],
  });
}

function athleteCard(athlete: AthleteOverview): SafeHtml {
  return html`<li class="card athlete-card risk-${athlete.risk.level}" data-athlete-id="${athlete.athleteId}">
<div class="card-head"><h2><a href="/athletes/${athlete.athleteId}">${athlete.name}</a></h2>${riskBadge(athlete.risk.level)}</div>
${currentFigures(athlete)}
<div class="spark" data-spark="${athlete.athleteId}" role="img" aria-label="Form and fitness over the last six weeks"></div>
${sparkLegend()}
<p class="verdict">${
    athlete.lastWeek
      ? html`Last week <span class="muted">(from ${formatDate(athlete.lastWeek.weekStart)})</span>: <strong>${athlete.lastWeek.verdict}</strong> <span class="muted">· confidence ${athlete.lastWeek.confidence}</span>`
      : html`<span class="muted">No judged week yet.</span>`
  }</p>
${alertBadges(athlete.alerts)}
${athlete.alerts.length ? html`<details class="alert-details"><summary>Evidence</summary>${alertEvidence(athlete.alerts)}</details>` : null}
</li>`;
}
