import { describe, expect, it } from 'vitest';
import { buildDigestMessage, type DigestMessage } from '../../../src/digest/build-digest-message.ts';
import { composeDigest } from '../../../src/digest/compose-digest.ts';
import {
  CHART_CIDS,
  CHART_DISPLAY_WIDTH,
  CHART_LAYOUT_WIDTH,
  CHART_SCALE,
} from '../../../src/digest/digest-charts.ts';
import type { DigestWeek } from '../../../src/digest/digest-week.ts';
import { compiledLayoutCount } from '../../../src/digest/render-digest-html.ts';
import { standaloneDigestHtml } from '../../../src/digest/standalone-digest-html.ts';
import { escapeHtml } from '../../../src/http/html-page.ts';
import { type FixtureName, fixtureWeek, HOSTILE_NAME } from './digest-fixture-weeks.ts';
import { readPngFacts } from './png-facts.ts';

const OPTIONS = {
  unsubscribeUrl: 'https://weekwise.example/digest/unsubscribe?token=abc.def&x="1"',
  appUrl: 'https://weekwise.example',
};

const messages = new Map<FixtureName, Promise<DigestMessage>>();
function message(name: FixtureName): Promise<DigestMessage> {
  let built = messages.get(name);
  if (!built) {
    built = buildDigestMessage(fixtureWeek(name), OPTIONS);
    messages.set(name, built);
  }
  return built;
}

const cidsIn = (html: string) =>
  new Set([...html.matchAll(/["']cid:([^"']+)["']/g)].map((match) => match[1]));

describe('buildDigestMessage: the email parts nodemailer sends', () => {
  it('names a hostile activity as text, never as markup, in the HTML', async () => {
    const { html, text } = await message('hardPacked');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('onerror="alert(1)"');
    // Whole, including the part that looks like the template's own token: it is not filled in.
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    // Plain text needs no escaping: the runner reads their name as typed.
    expect(text).toContain('<img src=x onerror="alert(1)">');
  });

  it('refers by cid to exactly the images it carries, valid PNGs at CHART_SCALE × the layout size', async () => {
    const { html, attachments } = await message('balanced');
    expect(attachments.map((attachment) => attachment.cid).sort()).toEqual(Object.values(CHART_CIDS).sort());
    expect(cidsIn(html)).toEqual(new Set(attachments.map((attachment) => attachment.cid)));
    for (const attachment of attachments) {
      expect(attachment.contentType).toBe('image/png');
      expect(attachment.filename).toMatch(/^[a-z-]+\.png$/);
      const png = readPngFacts(attachment.content);
      expect(png.width).toBe(CHART_LAYOUT_WIDTH * CHART_SCALE);
      expect(png.height % CHART_SCALE).toBe(0);
      expect(png.height).toBeGreaterThan(300);
      expect(html).toMatch(new RegExp(`src="cid:${attachment.cid}"[^>]*width="${CHART_DISPLAY_WIDTH}"`));
    }
  });

  it('an empty week carries no images', async () => {
    const { html, attachments, subject } = await message('noData');
    expect(attachments).toEqual([]);
    expect(cidsIn(html).size).toBe(0);
    expect(subject).toMatch(/no activity recorded$/);
    expect(html).toContain('Reconnect Strava');
  });

  it('says the same things in HTML and in plain text', async () => {
    for (const name of ['balanced', 'hardPacked', 'lowConfidence'] as const) {
      const week = fixtureWeek(name);
      const content = composeDigest(week, { appUrl: OPTIONS.appUrl });
      const { html, text, subject } = await message(name);
      expect(subject).toBe(content.subject);
      expect(html).toContain(`<title>${escapeHtml(subject)}</title>`);
      const said = [
        content.verdict.headline,
        content.verdict.detail,
        content.recommendation!,
        ...content.worked.map((check) => check.text),
        ...content.broke.map((check) => check.text),
        ...content.notices.map((notice) => notice.title),
        ...content.sessions.map((row) => row.title),
      ];
      const flatText = text.replace(/\n\s*/g, ' ');
      for (const sentence of said) {
        expect(html).toContain(escapeHtml(sentence));
        expect(flatText.toLowerCase()).toContain(sentence.replace(/\s+/g, ' ').toLowerCase());
      }
      expect(html).toContain(`href="${escapeHtml(OPTIONS.unsubscribeUrl)}"`);
      expect(text).toContain(`Unsubscribe: ${OPTIONS.unsubscribeUrl}`);
      for (const line of text.split('\n'))
        if (!line.includes('http')) expect(line.length).toBeLessThanOrEqual(72);
    }
  });

  it('is responsive HTML for mail clients (MJML’s mobile layout) with the preheader', async () => {
    const { html } = await message('balanced');
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
    expect(html).toContain('@media only screen and (min-width:480px)');
    expect(html).not.toMatch(/__DIGEST_SLOT_\d+__/);
  });

  it('compiles a layout once per shape: another runner’s week of the same shape reuses it, with its own words', async () => {
    const first = fixtureWeek('balanced');
    await buildDigestMessage(first, OPTIONS);
    const compiled = compiledLayoutCount();
    const other: DigestWeek = {
      ...fixtureWeek('balanced'),
      athlete: { ...first.athlete, id: '00000000-0000-4000-8000-000000000002', name: 'Alex Other' },
      sessions: first.sessions.map((session) => ({ ...session, name: `Alex's ${session.sport}` })),
    };
    const { html } = await buildDigestMessage(other, OPTIONS);
    expect(compiledLayoutCount()).toBe(compiled);
    expect(html).toContain('Hi Alex Other,');
    expect(html).not.toContain('Sam Runner');
    expect(html).toContain(escapeHtml("Alex's running"));
  });

  it('a standalone preview inlines the images as data: URIs', async () => {
    const built = await message('balanced');
    const html = standaloneDigestHtml(built);
    expect(cidsIn(html).size).toBe(0);
    for (const attachment of built.attachments)
      expect(html).toContain(`data:image/png;base64,${attachment.content.toString('base64')}`);
  });
});
