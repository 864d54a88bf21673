import type { IntensityClass } from '../analysis/index.ts';
import { escapeHtml } from '../http/html-page.ts';
import type {
  DigestCheck,
  DigestNotice,
  DigestSection,
  DigestSessionRow,
  DigestTone,
} from './digest-content.ts';

/**
 * The HTML inside the digest's MJML layout. These fragments go into the compiled template as they are
 * (MJML never sees them), so they carry their own inline styles, and every text in them is escaped here:
 * activity names and provider messages are user input.
 */
export const DIGEST_COLOURS = {
  text: '#1f2937',
  muted: '#6b7280',
  line: '#e5e7eb',
  page: '#f3f4f6',
  accent: '#4f5fd1',
  accentBackground: '#eef0fc',
  notice: '#9a5b00',
  noticeBackground: '#fff7e6',
} as const;

export const TONE_COLOURS: Record<DigestTone, { text: string; background: string }> = {
  good: { text: '#1d7a52', background: '#e8f6ef' },
  warning: { text: '#b4441b', background: '#fdf0e9' },
  neutral: { text: '#4b5563', background: '#f1f2f4' },
};

const INTENSITY_COLOURS: Record<IntensityClass, string> = {
  recovery: '#2f9e6e',
  easy: '#2f9e6e',
  moderate: '#7b8591',
  hard: '#d9534f',
  unknown: '#7b8591',
};

const paragraph = (text: string, style = '') =>
  `<p style="margin:0 0 10px 0;${style}">${escapeHtml(text)}</p>`;

export function paragraphsHtml(texts: readonly string[]): string {
  return texts.map((text) => paragraph(text)).join('');
}

export function bulletsHtml(texts: readonly string[]): string {
  if (texts.length === 0) return '';
  const items = texts.map((text) => `<li style="margin:0 0 6px 0;">${escapeHtml(text)}</li>`).join('');
  return `<ul style="margin:0 0 10px 0;padding:0 0 0 20px;">${items}</ul>`;
}

export function notesHtml(texts: readonly string[]): string {
  return texts
    .map((text) => paragraph(text, `font-size:13px;line-height:18px;color:${DIGEST_COLOURS.muted};`))
    .join('');
}

export function sectionHtml(section: DigestSection): string {
  const paragraphs = paragraphsHtml(section.paragraphs);
  const bullets = bulletsHtml(section.bullets);
  return section.bulletsFirst ? bullets + paragraphs : paragraphs + bullets;
}

export function checksHtml(checks: readonly DigestCheck[], mark: string, colour: string): string {
  return checks
    .map(
      (check) =>
        `<p style="margin:0 0 10px 0;"><span style="color:${colour};font-weight:bold;">${mark}&nbsp;${escapeHtml(check.title)}.</span> ${escapeHtml(check.text)}</p>`,
    )
    .join('');
}

export function noticesHtml(notices: readonly DigestNotice[]): string {
  return notices
    .map((notice) => {
      const link = notice.link
        ? `<p style="margin:8px 0 0 0;"><a href="${escapeHtml(notice.link.url)}" style="display:inline-block;padding:8px 14px;border-radius:4px;background:${DIGEST_COLOURS.notice};color:#ffffff;text-decoration:none;font-weight:bold;">${escapeHtml(notice.link.label)}</a></p>`
        : '';
      return (
        `<div style="margin:0 0 12px 0;padding:12px 14px;border-left:4px solid ${DIGEST_COLOURS.notice};background:${DIGEST_COLOURS.noticeBackground};">` +
        `<p style="margin:0 0 4px 0;font-weight:bold;color:${DIGEST_COLOURS.notice};">${escapeHtml(notice.title)}</p>` +
        `<p style="margin:0;">${escapeHtml(notice.text)}</p>${link}</div>`
      );
    })
    .join('');
}

/** Two columns, day and what: the table must stay readable on a 320-px phone. */
export function sessionsHtml(rows: readonly DigestSessionRow[]): string {
  if (rows.length === 0) return '';
  const cell = `padding:8px 0;border-top:1px solid ${DIGEST_COLOURS.line};vertical-align:top;`;
  const body = rows
    .map((row) => {
      const figures = [row.kind, row.distance, row.duration].filter((part): part is string => part !== null);
      const badge =
        row.intensity && row.intensityLabel
          ? ` <span style="white-space:nowrap;color:${INTENSITY_COLOURS[row.intensity]};font-weight:bold;">${escapeHtml(row.intensityLabel)}</span>`
          : '';
      const tags = row.tags.length
        ? ` <span style="color:${DIGEST_COLOURS.muted};">(${escapeHtml(row.tags.join(', '))})</span>`
        : '';
      return (
        `<tr><td style="${cell}width:64px;color:${DIGEST_COLOURS.muted};font-size:13px;line-height:18px;">${escapeHtml(row.day)}<br>${escapeHtml(row.time)}</td>` +
        `<td style="${cell}"><span style="font-weight:bold;word-break:break-word;">${escapeHtml(row.title)}</span><br>` +
        `<span style="font-size:13px;line-height:18px;">${escapeHtml(figures.join(' \u00b7 '))}${badge}${tags}</span></td></tr>`
      );
    })
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;font-size:15px;line-height:21px;">${body}</table>`;
}

export function linkHtml(label: string, url: string, colour: string = DIGEST_COLOURS.muted): string {
  return `<a href="${escapeHtml(url)}" style="color:${colour};text-decoration:underline;">${escapeHtml(label)}</a>`;
}

export { escapeHtml };
