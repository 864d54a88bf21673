/** Text safe to put inside HTML (activity names, provider messages: anything not written by us). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The plain pages a runner sees around OAuth (connected, declined, what is missing). Every text goes
 * through escapeHtml; `paragraphs` are plain text, one <p> each.
 */
export function renderMessagePage(page: {
  title: string;
  paragraphs: string[];
  tone?: 'ok' | 'problem';
}): string {
  const accent = page.tone === 'problem' ? '#b45309' : '#15803d';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · weekwise</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937;line-height:1.5}
h1{font-size:1.4rem;color:${accent}}</style></head>
<body><h1>${escapeHtml(page.title)}</h1>
${page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
</body></html>`;
}
