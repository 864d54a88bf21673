import { RULE_SET_V1 } from '../../analysis/index.ts';
import type { ActiveAlert, AthleteOverview } from '../read-models/athlete-overview.ts';
import type { RiskLevel } from '../read-models/roster-risk.ts';
import { alertTitle, formatFigure, formatPercent } from './display-format.ts';
import { html, type SafeHtml } from './html.ts';

const RISK_WORDS: Record<RiskLevel, string> = { high: 'High risk', watch: 'Watch', low: 'On track' };

export function riskBadge(level: RiskLevel): SafeHtml {
  return html`<span class="badge risk-${level}">${RISK_WORDS[level]}</span>`;
}

/** Today's five figures, each with the plain word a runner knows and the coach's abbreviation. */
export function currentFigures(overview: AthleteOverview): SafeHtml {
  const current = overview.current;
  // Coloured at the alert thresholds of the rule set, and in the watch band just short of them.
  const rules = RULE_SET_V1.alerts;
  const tone = (bad: boolean, watch: boolean) => (bad ? 'bad' : watch ? 'watch' : '');
  const figure = (label: string, abbreviation: string, value: string, toneClass = '') =>
    html`<div class="figure ${toneClass}"><dt>${label}${abbreviation ? html` <abbr>${abbreviation}</abbr>` : null}</dt><dd>${value}</dd></div>`;
  if (!current) return html`<p class="muted">No analysed training yet.</p>`;
  return html`<dl class="figures">
${figure('Fitness', 'CTL', formatFigure(current.ctl))}
${figure('Fatigue', 'ATL', formatFigure(current.atl))}
${figure('Form', 'TSB', formatFigure(current.tsb), tone(current.tsb < rules.tsbBelow, current.tsb < rules.tsbBelow + 20))}
${figure('Load ratio', 'ACWR', formatFigure(current.acwr, 2), tone((current.acwr ?? 0) > rules.acwrAbove, (current.acwr ?? 0) > rules.acwrAbove - 0.2))}
${figure('Monotony', '7 days', formatFigure(current.monotony, 2), tone((current.monotony ?? 0) > rules.monotonyAbove, (current.monotony ?? 0) > rules.monotonyAbove - 0.5))}
</dl>`;
}

/** What the roster's sparklines draw, for people who have not learnt the colours yet. */
export function sparkLegend(): SafeHtml {
  return html`<p class="spark-legend small muted"><span class="key key-ctl"></span>fitness <span class="key key-tsb"></span>form <span class="key key-alert"></span>form alert · 6 weeks</p>`;
}

export function alertBadges(alerts: readonly ActiveAlert[]): SafeHtml {
  if (!alerts.length) return html``;
  return html`<ul class="alert-badges" aria-label="Active alerts">${alerts.map(
    (alert) => html`<li class="badge alert" title="${alert.evidence}">${alertTitle(alert.code)}</li>`,
  )}</ul>`;
}

/** Each alert with its evidence and the caveat that the cut-off is a guide. */
export function alertEvidence(alerts: readonly ActiveAlert[]): SafeHtml {
  if (!alerts.length) return html``;
  return html`<ul class="evidence">${alerts.map(
    (alert) =>
      html`<li><strong>${alertTitle(alert.code)}</strong>: ${alert.evidence}. <span class="muted">${capitalised(alert.caveat)}.</span></li>`,
  )}</ul>`;
}

/** A week's running time split into easy, grey and high, as a bar (SVG attributes: no inline style). */
export function zoneBar(shares: { easy: number | null; grey: number | null; high: number | null }): SafeHtml {
  const easy = (shares.easy ?? 0) * 100;
  const grey = (shares.grey ?? 0) * 100;
  const high = (shares.high ?? 0) * 100;
  const label = `Easy ${formatPercent(shares.easy)}, grey ${formatPercent(shares.grey)}, high ${formatPercent(shares.high)}`;
  if (easy + grey + high <= 0) return html`<span class="muted small">no zoned running</span>`;
  return html`<svg class="zone-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="${label}"><title>${label}</title>
<rect class="zone-easy" x="0" y="0" width="${easy.toFixed(2)}" height="6"/>
<rect class="zone-grey" x="${easy.toFixed(2)}" y="0" width="${grey.toFixed(2)}" height="6"/>
<rect class="zone-high" x="${(easy + grey).toFixed(2)}" y="0" width="${high.toFixed(2)}" height="6"/></svg>`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
