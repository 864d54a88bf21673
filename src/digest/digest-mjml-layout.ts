import type { DigestChartId, DigestContent } from './digest-content.ts';
import {
  checksHtml,
  DIGEST_COLOURS,
  escapeHtml,
  linkHtml,
  notesHtml,
  noticesHtml,
  paragraphsHtml,
  sectionHtml,
  sessionsHtml,
  TONE_COLOURS,
} from './digest-html-fragments.ts';

/**
 * Finished HTML put aside while the MJML layout is written: the layout holds only tokens, so two
 * digests of the same shape (same sections, same tone) have the same MJML, compiled once and reused.
 */
export class TemplateSlots {
  readonly values: string[] = [];

  put(html: string): string {
    this.values.push(html);
    return `__DIGEST_SLOT_${this.values.length - 1}__`;
  }

  fill(template: string): string {
    // One pass: a slot's own text (an activity named "__DIGEST_SLOT_0__") is never read as a token.
    return template.replace(/__DIGEST_SLOT_(\d+)__/g, (_, index: string) => this.values[Number(index)] ?? '');
  }
}

export interface DigestLayoutLinks {
  unsubscribeUrl: string;
  appUrl?: string;
}

export interface DigestLayoutImage {
  cid: string;
  width: number;
  height: number;
}

const heading = (text: string, slots: TemplateSlots) =>
  `<mj-text font-size="18px" line-height="24px" font-weight="bold" padding="0 24px 8px 24px">${slots.put(escapeHtml(text))}</mj-text>`;

const divider = `<mj-divider border-color="${DIGEST_COLOURS.line}" border-width="1px" padding="8px 24px 16px 24px" />`;

/** The digest as MJML, every content-derived piece behind a slot. */
export function digestMjml(
  content: DigestContent,
  links: DigestLayoutLinks,
  images: ReadonlyMap<DigestChartId, DigestLayoutImage>,
  slots: TemplateSlots,
): string {
  const tone = TONE_COLOURS[content.verdict.tone];
  const parts: string[] = [];
  parts.push(
    `<mj-section padding="24px 0 4px 0"><mj-column>` +
      `<mj-text font-size="13px" color="${DIGEST_COLOURS.muted}" padding="0 24px 6px 24px">weekwise \u00b7 your weekly digest</mj-text>` +
      `<mj-text font-size="24px" line-height="30px" font-weight="bold" padding="0 24px 14px 24px">${slots.put(escapeHtml(content.title))}</mj-text>` +
      `<mj-text padding="0 24px 8px 24px">${slots.put(escapeHtml(content.greeting))}</mj-text>` +
      `</mj-column></mj-section>`,
  );
  parts.push(
    `<mj-section padding="6px 24px"><mj-column background-color="${tone.background}" border-left="4px solid ${tone.text}" padding="14px 0">` +
      `<mj-text font-size="20px" line-height="26px" font-weight="bold" color="${tone.text}" padding="0 16px 6px 16px">${slots.put(escapeHtml(content.verdict.headline))}</mj-text>` +
      `<mj-text padding="0 16px 6px 16px">${slots.put(escapeHtml(content.verdict.detail))}</mj-text>` +
      (content.verdict.confidenceNote
        ? `<mj-text font-size="13px" line-height="18px" color="${DIGEST_COLOURS.muted}" padding="0 16px">${slots.put(escapeHtml(content.verdict.confidenceNote))}</mj-text>`
        : '') +
      `</mj-column></mj-section>`,
  );
  if (content.recommendation) {
    parts.push(
      `<mj-section padding="6px 24px"><mj-column background-color="${DIGEST_COLOURS.accentBackground}" padding="14px 0">` +
        `<mj-text font-size="12px" line-height="16px" font-weight="bold" letter-spacing="0.6px" text-transform="uppercase" color="${DIGEST_COLOURS.accent}" padding="0 16px 4px 16px">The one change for next week</mj-text>` +
        `<mj-text font-size="17px" line-height="24px" padding="0 16px">${slots.put(escapeHtml(content.recommendation))}</mj-text>` +
        `</mj-column></mj-section>`,
    );
  }
  if (content.notices.length > 0) {
    parts.push(
      `<mj-section padding="10px 0 0 0"><mj-column><mj-text>${slots.put(noticesHtml(content.notices))}</mj-text></mj-column></mj-section>`,
    );
  }
  const checks: string[] = [];
  if (content.broke.length > 0)
    checks.push(
      heading('What broke the balance', slots),
      `<mj-text>${slots.put(checksHtml(content.broke, '\u2717', TONE_COLOURS.warning.text))}</mj-text>`,
    );
  if (content.worked.length > 0)
    checks.push(
      heading('What worked', slots),
      `<mj-text>${slots.put(checksHtml(content.worked, '\u2713', TONE_COLOURS.good.text))}</mj-text>`,
    );
  if (checks.length > 0)
    parts.push(
      `<mj-section padding="12px 0 0 0"><mj-column>${divider}${checks.join('')}</mj-column></mj-section>`,
    );

  for (const section of content.sections) {
    const image = section.chart ? images.get(section.chart) : undefined;
    const description =
      section.chart && content.charts
        ? section.chart === 'week_intensity'
          ? content.charts.weekIntensity.description
          : content.charts.loadTrend.description
        : '';
    parts.push(
      `<mj-section padding="8px 0 0 0"><mj-column>${divider}${heading(section.title, slots)}` +
        `<mj-text>${slots.put(sectionHtml(section))}</mj-text>` +
        (image
          ? `<mj-image src="cid:${image.cid}" alt="${slots.put(escapeHtml(description))}" width="${image.width}px" height="auto" padding="4px 20px 10px 20px" />`
          : '') +
        (section.notes.length ? `<mj-text>${slots.put(notesHtml(section.notes))}</mj-text>` : '') +
        `</mj-column></mj-section>`,
    );
  }
  if (content.sessions.length > 0) {
    parts.push(
      `<mj-section padding="8px 0 8px 0"><mj-column>${divider}${heading('Your sessions', slots)}` +
        `<mj-text>${slots.put(sessionsHtml(content.sessions))}</mj-text></mj-column></mj-section>`,
    );
  }
  parts.push(footer(links, slots));
  return (
    `<mjml lang="en"><mj-head><mj-title>${slots.put(escapeHtml(content.subject))}</mj-title>` +
    `<mj-preview>${slots.put(escapeHtml(content.preheader))}</mj-preview>` +
    `<mj-attributes><mj-all font-family="Helvetica Neue, Helvetica, Arial, sans-serif" />` +
    `<mj-text font-size="15px" line-height="22px" color="${DIGEST_COLOURS.text}" padding="0 24px" />` +
    `<mj-section background-color="#ffffff" /></mj-attributes>` +
    `<mj-style>a { color: ${DIGEST_COLOURS.accent}; } p, li { mso-line-height-rule: exactly; }</mj-style></mj-head>` +
    `<mj-body background-color="${DIGEST_COLOURS.page}" width="600px">` +
    `${parts.join('')}</mj-body></mjml>`
  );
}

function footer(links: DigestLayoutLinks, slots: TemplateSlots): string {
  const lines = [
    `${paragraphsHtml(['You get this email once a week because the weekly digest is on for your weekwise account.'])}`,
    `<p style="margin:0;">${linkHtml('Unsubscribe from the weekly digest', links.unsubscribeUrl)}${
      links.appUrl ? ` \u00b7 ${linkHtml('Open weekwise', links.appUrl)}` : ''
    }</p>`,
  ];
  return (
    `<mj-section background-color="${DIGEST_COLOURS.page}" padding="16px 0 28px 0"><mj-column>` +
    `<mj-text font-size="12px" line-height="18px" color="${DIGEST_COLOURS.muted}" align="center">${slots.put(lines.join(''))}</mj-text>` +
    `</mj-column></mj-section>`
  );
}
