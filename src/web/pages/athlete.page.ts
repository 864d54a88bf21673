import { RULE_SET_V1 } from '../../analysis/index.ts';
import type { ViewerRole } from '../access/viewer-role.ts';
import type { Viewer } from '../accounts/web-session.store.ts';
import type { CoachGrant } from '../consent/coach-access.store.ts';
import type { WebActivity } from '../read-models/athlete-activities.ts';
import type { AthleteOverview } from '../read-models/athlete-overview.ts';
import type { WebWeek } from '../read-models/athlete-weeks.ts';
import {
  flagLabel,
  formatDate,
  formatDateShort,
  formatFigure,
  formatHours,
  formatKilometres,
  formatPercent,
} from './display-format.ts';
import { alertEvidence, currentFigures, riskBadge, zoneBar } from './figure-widgets.ts';
import { html, type SafeHtml } from './html.ts';
import { renderPage } from './page-layout.ts';

export interface AthletePageData {
  viewer: Viewer;
  csrfToken: string;
  role: ViewerRole;
  overview: AthleteOverview;
  /** Newest first. */
  weeks: WebWeek[];
  activities: WebActivity[];
  /** The runner's own page only. */
  coaches: CoachGrant[] | null;
  notice: { text: string; tone: 'ok' | 'problem' } | null;
}

/**
 * One athlete: today's figures and alerts, the charts athlete.js draws (fitness/fatigue/form with daily
 * load, intensity by week), the weeks with their verdicts, recent activities — and on the runner's own
 * page, their coaches.
 */
export function renderAthletePage(data: AthletePageData): string {
  const { overview, role } = data;
  const own = role === 'self';
  return renderPage({
    title: own ? 'My training' : overview.name,
    viewer: data.viewer,
    csrfToken: data.csrfToken,
    section: own ? 'self' : 'roster',
    scripts: ['athlete.js'],
    body: html`<div class="athlete" data-athlete-id="${overview.athleteId}" data-form-alert="${RULE_SET_V1.alerts.tsbBelow}">
${data.notice ? html`<p class="notice ${data.notice.tone}" role="status">${data.notice.text}</p>` : null}
<div class="card-head page-head"><h1>${own ? 'My training' : overview.name}</h1>${riskBadge(overview.risk.level)}</div>
<p class="muted small">Figures for ${formatDate(overview.today)}${
      overview.analysedAt
        ? html` · analysed ${overview.analysedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
        : null
    }</p>
<section class="card">${currentFigures(overview)}
${overview.alerts.length ? html`<h2 class="subhead">Alerts</h2>${alertEvidence(overview.alerts)}` : null}
</section>
<section class="card"><h2>Fitness, fatigue and form</h2>
<div id="fatigue-chart" class="chart chart-tall" role="img" aria-label="Fitness, fatigue, form and daily load over the last six months"></div>
<p class="small muted">Fitness (CTL) is the 42-day weighted load, fatigue (ATL) the 7-day one, form (TSB) yesterday's fitness minus fatigue; the dashed line is the alert level of form. Bars: daily load (TRIMP).</p>
</section>
<section class="card"><h2>Intensity by week</h2>
<div id="intensity-chart" class="chart" role="img" aria-label="Running minutes per week in easy, grey and high intensity"></div>
<p class="small muted">Minutes of running in each of Seiler's zones: easy (Z1), grey (Z2, too hard to recover from, too easy to improve), high (Z3). A balanced week is mostly easy.</p>
</section>
<section class="card"><h2>Weeks</h2>${weekList(data.weeks)}</section>
<section class="card"><h2>Recent activities</h2>${activityTable(data.activities, role)}</section>
${data.coaches ? coachesSection(data.coaches, data.csrfToken) : null}
</div>`,
  });
}

function weekList(weeks: WebWeek[]): SafeHtml {
  if (!weeks.length) return html`<p class="muted">No analysed weeks yet.</p>`;
  return html`<ol class="weeks">${weeks.map(
    (week) => html`<li class="week${week.complete ? '' : ' current'}">
<div class="week-head"><span class="week-dates">${formatDateShort(week.weekStart)} – ${formatDate(week.weekEnd)}${week.complete ? null : html` <span class="muted">(this week so far)</span>`}</span>
<span class="verdict-chip confidence-${week.confidence}">${week.verdict}</span></div>
${week.runCount ? weekFacts(week) : html`<p class="week-facts">No runs${week.load > 0 ? html` · load ${formatFigure(week.load, 0)} from other sessions` : null}</p>`}
${week.recommendation ? html`<p class="recommendation">${week.recommendation}</p>` : null}
${week.flags.length ? html`<ul class="flags">${week.flags.map((flag) => html`<li>${flagLabel(flag)}</li>`)}</ul>` : null}
</li>`,
  )}</ol>`;
}

function weekFacts(week: WebWeek): SafeHtml {
  return html`${zoneBar(week.zoneShares)}
<p class="week-facts">${week.runCount} ${week.runCount === 1 ? 'run' : 'runs'} · ${formatHours(week.runningTimeS)} · easy ${formatPercent(week.zoneShares.easy)}, grey ${formatPercent(week.zoneShares.grey)}, high ${formatPercent(week.zoneShares.high)} · ${week.hardSessions} hard · load ${formatFigure(week.load, 0)}${
    week.loadRatio === null ? null : html` · ratio ${formatFigure(week.loadRatio, 2)}`
  } · confidence ${week.confidence}</p>`;
}

function activityTable(activities: WebActivity[], role: ViewerRole): SafeHtml {
  const note =
    role === 'coach'
      ? html`<p class="small muted">Activities that came from Strava alone are not listed: Strava's terms let only the runner see them. Their load counts in every figure above.</p>`
      : null;
  if (!activities.length) return html`<p class="muted">No activities to show.</p>${note}`;
  return html`<div class="table-scroll"><table class="activities">
<thead><tr><th scope="col">Date</th><th scope="col">Session</th><th scope="col">Class</th><th scope="col" class="number">Time</th><th scope="col" class="number">Distance</th><th scope="col" class="number">Load</th><th scope="col">From</th></tr></thead>
<tbody>${activities.map(
    (activity) => html`<tr>
<td>${activity.localDate ? formatDateShort(activity.localDate) : activity.startTime.slice(0, 10)}</td>
<td>${activity.name ?? sportLabel(activity.sport)}</td>
<td>${activity.analysis ? html`<span class="class-chip class-${activity.analysis.class}">${activity.analysis.class}</span>${activity.analysis.long ? ' · long' : null}` : '–'}</td>
<td class="number">${formatHours(activity.movingTimeS)}</td>
<td class="number">${formatKilometres(activity.distanceM)}</td>
<td class="number">${formatFigure(activity.analysis?.trimp ?? null, 0)}</td>
<td class="small">${activity.sources.map(sourceName).join(', ')}</td>
</tr>`,
  )}</tbody></table></div>${note}`;
}

const SPORT_LABELS: Record<string, string> = {
  running: 'Run',
  cycling: 'Ride',
  swimming: 'Swim',
  walking: 'Walk',
  hiking: 'Hike',
  strength: 'Strength',
  mobility: 'Mobility',
  multisport: 'Multisport',
};

function sportLabel(sport: string): string {
  return SPORT_LABELS[sport] ?? 'Other';
}

function sourceName(source: string): string {
  return source === 'fit_file' ? 'FIT file' : source === 'strava' ? 'Strava' : 'Garmin';
}

function coachesSection(coaches: CoachGrant[], csrfToken: string): SafeHtml {
  const current = coaches.filter((coach) => coach.status !== 'revoked');
  return html`<section class="card" id="coaches"><h2>My coaches</h2>
<p class="small muted">A coach you invite sees your fitness, fatigue and form, your weeks and verdicts, alerts, and the activities you did not import from Strava alone. You can end it at any time; it stops at once.</p>
${
  current.length
    ? html`<ul class="coach-list">${current.map(
        (coach) => html`<li class="coach"><span><strong>${coach.coachName ?? coach.coachEmail}</strong>${
          coach.coachName ? html` <span class="muted">${coach.coachEmail}</span>` : null
        } <span class="badge status-${coach.status}">${coach.status === 'active' ? 'can see your training' : 'invited'}</span></span>
<form method="post" action="/me/coaches/${coach.id}/revoke"><input type="hidden" name="_csrf" value="${csrfToken}">
<button type="submit" class="button secondary" data-revoke="${coach.coachEmail}">${coach.status === 'active' ? 'Revoke access' : 'Withdraw invitation'}</button></form></li>`,
      )}</ul>`
    : html`<p>No coach can see your training.</p>`
}
<form method="post" action="/me/coaches" class="invite">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="coach-email">Invite a coach by email</label>
<div class="inline-form"><input id="coach-email" name="email" type="email" required autocomplete="off" placeholder="coach@example.com">
<button type="submit" class="button">Send invitation</button></div>
</form>
</section>`;
}
