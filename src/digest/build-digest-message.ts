import { type ComposeOptions, composeDigest } from './compose-digest.ts';
import { type DigestChartImage, renderDigestCharts } from './digest-charts.ts';
import type { DigestChartId } from './digest-content.ts';
import type { DigestWeek } from './digest-week.ts';
import { renderDigestHtml } from './render-digest-html.ts';
import { renderDigestText } from './render-digest-text.ts';

/** An inline image, as nodemailer takes it: the HTML shows it through `cid:<cid>`. */
export interface DigestAttachment {
  cid: string;
  filename: string;
  content: Buffer;
  contentType: 'image/png';
}

/** The parts of one digest email; the sender adds from, to and headers (List-Unsubscribe, Message-ID). */
export interface DigestMessage {
  subject: string;
  html: string;
  text: string;
  attachments: DigestAttachment[];
}

export interface DigestMessageOptions extends ComposeOptions {
  /** The runner's own one-click unsubscribe link: it goes in the footer of both parts. */
  unsubscribeUrl: string;
}

/** One runner's weekly digest, ready for nodemailer: content, charts, HTML and plain text. */
export async function buildDigestMessage(
  week: DigestWeek,
  options: DigestMessageOptions,
): Promise<DigestMessage> {
  const content = composeDigest(week, options.appUrl ? { appUrl: options.appUrl } : {});
  const charts: DigestChartImage[] = content.charts ? await renderDigestCharts(content.charts) : [];
  const links = {
    unsubscribeUrl: options.unsubscribeUrl,
    ...(options.appUrl ? { appUrl: options.appUrl } : {}),
  };
  const images = new Map<DigestChartId, DigestChartImage>(charts.map((chart) => [chart.id, chart]));
  return {
    subject: content.subject,
    html: await renderDigestHtml(content, links, images),
    text: renderDigestText(content, links),
    attachments: charts.map((chart) => ({
      cid: chart.cid,
      filename: chart.filename,
      content: chart.png,
      contentType: 'image/png',
    })),
  };
}
