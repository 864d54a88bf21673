import type { DigestChartId, DigestContent } from './digest-content.ts';
import {
  type DigestLayoutImage,
  type DigestLayoutLinks,
  digestMjml,
  TemplateSlots,
} from './digest-mjml-layout.ts';
import { MjmlCompiler } from './mjml-compiler.ts';

/**
 * Compiled layouts by their MJML (which holds tokens, not content): one runner's digest differs from the
 * next mostly in words, and MJML takes milliseconds to compile what a token fill does in microseconds.
 * The few shapes (tone, which sections, notices or not) each compile once per process.
 */
const compiled = new Map<string, Promise<string>>();
const MAX_COMPILED_LAYOUTS = 64;
const compiler = new MjmlCompiler({ validationLevel: 'strict', keepComments: false, fonts: {} });

/** Responsive HTML for mail clients; images are referenced as `cid:` parts the message carries. */
export async function renderDigestHtml(
  content: DigestContent,
  links: DigestLayoutLinks,
  images: ReadonlyMap<DigestChartId, DigestLayoutImage>,
): Promise<string> {
  const slots = new TemplateSlots();
  const mjml = digestMjml(content, links, images, slots);
  return slots.fill(await compileLayout(mjml));
}

function compileLayout(mjml: string): Promise<string> {
  let html = compiled.get(mjml);
  if (!html) {
    if (compiled.size >= MAX_COMPILED_LAYOUTS) compiled.delete(compiled.keys().next().value!);
    html = compiler.compile(mjml).then(withoutIndentation);
    // A failed compile is not kept: the next digest of that shape tries again (and fails loudly again).
    html.catch(() => compiled.delete(mjml));
    compiled.set(mjml, html);
  }
  return html;
}

/** For tests and benchmarks: how many layouts are compiled right now. */
export function compiledLayoutCount(): number {
  return compiled.size;
}

/**
 * MJML indents its output: a fifth of a digest's HTML, encoded, sent and stored by every inbox. A line break
 * followed by spaces renders exactly as a line break (the layout has no preformatted text), so the spaces
 * go, once per layout. (MJML's own `minify` does the same through htmlnano, which loads ~20 MB more into the
 * compiler's worker, measured: the worker lives beside a batch's first digests, when memory peaks.)
 */
function withoutIndentation(html: string): string {
  return html.replace(/\n[ \t]+/g, '\n');
}
