import type { DigestCheck, DigestContent } from './digest-content.ts';
import type { DigestLayoutLinks } from './digest-mjml-layout.ts';

const WIDTH = 72;

/** Words to lines of at most WIDTH characters, each prefixed (the first with `first`, the rest with `rest`). */
function wrap(text: string, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

const heading = (text: string) => ['', text.toUpperCase()];
const checks = (items: readonly DigestCheck[], mark: string) =>
  items.flatMap((check) => wrap(`${check.title}. ${check.text}`, `${mark} `, '  '));

/**
 * The plain-text part: the same content as the HTML, in the same order, for clients (and people) that
 * prefer text. Lines are wrapped for reading, not for the transport (nodemailer encodes as needed).
 */
export function renderDigestText(content: DigestContent, links: DigestLayoutLinks): string {
  const lines: string[] = [content.title, '='.repeat(content.title.length), '', content.greeting];
  lines.push('', content.verdict.headline.toUpperCase(), ...wrap(content.verdict.detail));
  if (content.verdict.confidenceNote) lines.push(...wrap(content.verdict.confidenceNote));
  if (content.recommendation)
    lines.push(...heading('The one change for next week'), ...wrap(content.recommendation));
  for (const notice of content.notices) {
    lines.push('', `! ${notice.title}`, ...wrap(notice.text, '  '));
    if (notice.link) lines.push(`  ${notice.link.label}: ${notice.link.url}`);
  }
  if (content.broke.length) lines.push(...heading('What broke the balance'), ...checks(content.broke, 'x'));
  if (content.worked.length) lines.push(...heading('What worked'), ...checks(content.worked, '+'));
  for (const section of content.sections) {
    lines.push(...heading(section.title));
    const paragraphs = section.paragraphs.flatMap((paragraph) => wrap(paragraph));
    const bullets = section.bullets.flatMap((bullet) => wrap(bullet, '- ', '  '));
    lines.push(...(section.bulletsFirst ? [...bullets, ...paragraphs] : [...paragraphs, ...bullets]));
    if (section.chart && content.charts) {
      const chart =
        section.chart === 'week_intensity' ? content.charts.weekIntensity : content.charts.loadTrend;
      lines.push(...wrap(`[Chart] ${chart.description}`));
    }
    for (const note of section.notes) lines.push(...wrap(note, '  ', '  '));
  }
  if (content.sessions.length) {
    lines.push(...heading('Your sessions'));
    for (const row of content.sessions) {
      const figures = [row.kind, row.distance, row.duration, row.intensityLabel]
        .filter(Boolean)
        .join(' \u00b7 ');
      const tags = row.tags.length ? ` (${row.tags.join(', ')})` : '';
      const day = `${row.day} ${row.time}`.padEnd(14);
      lines.push(...wrap(row.title, day, ' '.repeat(14)), ...wrap(`${figures}${tags}`, ' '.repeat(14)));
    }
  }
  lines.push(
    '',
    '--',
    ...wrap('You get this email once a week because the weekly digest is on for your weekwise account.'),
  );
  lines.push(`Unsubscribe: ${links.unsubscribeUrl}`);
  if (links.appUrl) lines.push(`Open weekwise: ${links.appUrl}`);
  return `${lines.join('\n')}\n`;
}
