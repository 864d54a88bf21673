import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

/**
 * Full-page screenshots of HTML files in headless Chromium, at an email client's width and at a
 * phone's, to look at a rendering rather than guess it:
 *
 *   npx tsx test/support/screenshot-html.ts /tmp/digest.html [more.html …] [--out /tmp] [--tile 1000]
 *
 * writes `<name>-600.png` and `<name>-375.png` for each file; with --tile, the page cut into pieces of
 * that height (`<name>-600-1.png`, …), small enough for an image viewer to show at full size.
 */
export const SCREENSHOT_WIDTHS = [600, 375] as const;

export async function screenshotHtml(
  files: readonly string[],
  outDir: string,
  tileHeight: number | null = null,
): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  const written: string[] = [];
  try {
    for (const file of files) {
      for (const width of SCREENSHOT_WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
        await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
        const name = join(outDir, `${basename(file, extname(file))}-${width}`);
        if (tileHeight) {
          const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
          for (let top = 0, index = 1; top < height; top += tileHeight, index++) {
            const path = `${name}-${index}.png`;
            const clip = { x: 0, y: top, width, height: Math.min(tileHeight, height - top) };
            await page.screenshot({ path, fullPage: true, clip });
            written.push(path);
          }
        } else {
          await page.screenshot({ path: `${name}.png`, fullPage: true });
          written.push(`${name}.png`);
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    if (index < 0) return null;
    const [value] = args.splice(index, 2).slice(1);
    return value ?? null;
  };
  const outDir = option('--out') ?? '/tmp';
  const tile = option('--tile');
  for (const path of await screenshotHtml(args, outDir, tile ? Number(tile) : null)) console.log(path);
}
