import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RUNNER_EMAIL } from '../../src/demo/run-demo.ts';
import { CHART_LAYOUT_WIDTH, CHART_SCALE } from '../../src/digest/digest-charts.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../support/chromium.ts';
import { type CliRun, runCli } from '../support/run-cli.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
} from '../support/services.ts';

const ready = await postgresAvailable();

describe.skipIf(!ready)('weekwise digest and the demo’s digest, as a user runs them', () => {
  let scratch: ScratchDatabase;
  let env: Record<string, string>;
  let demo: CliRun;
  const work = createTempDir();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    env = {
      DATABASE_URL: scratch.url,
      WEEKWISE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WEEKWISE_DATA_DIR: work.path,
      WEEKWISE_PUBLIC_URL: 'https://weekwise.example',
    };
    expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
    demo = await runCli(['demo'], env, 240_000);
  }, 300_000);
  afterAll(async () => {
    await scratch?.drop();
    work.remove();
  });

  it('the demo ends with the digest of its last week: an HTML file it names, then the text part', () => {
    expect(demo.code, demo.stderr).toBe(0);
    const path = join(work.path, 'demo-digest.html');
    expect(demo.stdout).toContain(path);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('data:image/png;base64,');
    expect(html).not.toContain('cid:');
    const text = demo.stdout.slice(demo.stdout.indexOf(path) + path.length);
    // The demo's story ends on a long run that turned into survival.
    expect(text).toMatch(/Your week of \d+/);
    expect(text).toContain('THE LONG RUN WAS SURVIVAL, NOT PROGRESSION');
    expect(text).toContain('THE ONE CHANGE FOR NEXT WEEK');
    expect(text).toMatch(/Unsubscribe: https:\/\/weekwise\.example\/digest\/unsubscribe\?token=/);
    expect(html).toContain('The long run was survival, not progression');
  });

  it('--out writes a standalone HTML file and --text prints the same digest as text', async () => {
    const out = join(work.path, 'preview', 'digest.html');
    const run = await runCli(['digest', '--athlete', DEMO_RUNNER_EMAIL, '--out', out, '--text'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`written to ${out}`);
    expect(run.stdout).toMatch(/^Your week of /);
    expect(run.stdout).toContain('THE LONG RUN WAS SURVIVAL, NOT PROGRESSION');
    const html = readFileSync(out, 'utf8');
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(2);
    // Without either flag, the text part is what it prints.
    const plain = await runCli(['digest', '-a', DEMO_RUNNER_EMAIL], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(run.stdout);
  });

  it('finds the athlete by id too, and any date of a past week names that week', async () => {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const { rows } = await client.query<{ id: string; week: string }>(
      `SELECT a.id, to_char(min(w.week_start), 'YYYY-MM-DD') AS week FROM athlete a
       JOIN athlete_week w ON w.athlete_id = a.id WHERE a.email = $1 GROUP BY a.id`,
      [DEMO_RUNNER_EMAIL],
    );
    await client.end();
    const { id, week } = rows[0]!;
    // The demo's first week is balanced; a Wednesday of it names the whole week.
    const wednesday = new Date(Date.parse(`${week}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    const run = await runCli(['digest', '--athlete', id, '--week', wednesday], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Your week of /);
    expect(run.stdout).toContain('BALANCED: REPEAT IT');
  });

  it('explains what is wrong: unknown athlete, a week not over, a week not analysed', async () => {
    const unknown = await runCli(['digest', '-a', 'nobody@example.com'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no athlete nobody@example.com');

    const future = await runCli(['digest', '-a', DEMO_RUNNER_EMAIL, '--week', '2999-01-01'], env);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/is not over yet/);

    const badDate = await runCli(['digest', '-a', DEMO_RUNNER_EMAIL, '--week', 'last week'], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--week expects a date as YYYY-MM-DD');

    // An athlete as `weekwise connect` creates one: nothing imported, never analysed.
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await client.query(`INSERT INTO athlete (email) VALUES ('new@example.com')`);
    await client.end();
    const notAnalysed = await runCli(['digest', '-a', 'new@example.com'], env);
    expect(notAnalysed.code).toBe(2);
    expect(notAnalysed.stderr).toMatch(/not analysed yet: run `weekwise analyze --athlete new@example.com`/);
  });

  it('a week before the runner’s data is a short “no activity” note', async () => {
    const run = await runCli(['digest', '-a', DEMO_RUNNER_EMAIL, '--week', '2020-01-08'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Your week of 6.12 Jan 2020/);
    expect(run.stdout).toContain('NO ACTIVITY RECORDED');
  });

  it.skipIf(!chromiumAvailable())(
    'opens in Chromium with both charts, at 600 px and on a 375-px phone',
    async () => {
      const out = join(work.path, 'browser.html');
      expect((await runCli(['digest', '-a', DEMO_RUNNER_EMAIL, '--out', out], env)).code).toBe(0);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
      });
      try {
        for (const width of [600, 375]) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
          // A string, evaluated in the page: this repository's TypeScript has no DOM types.
          const facts = (await page.evaluate(`({
          images: [...document.images].map((image) => ({
            loaded: image.complete,
            natural: image.naturalWidth,
            shown: image.getBoundingClientRect().width,
          })),
          overflow: document.documentElement.scrollWidth - window.innerWidth,
        })`)) as { images: Array<{ loaded: boolean; natural: number; shown: number }>; overflow: number };
          expect(facts.images).toHaveLength(2);
          for (const image of facts.images) {
            expect(image.loaded).toBe(true);
            expect(image.natural).toBe(CHART_LAYOUT_WIDTH * CHART_SCALE);
            expect(image.shown).toBeLessThanOrEqual(width);
          }
          // Nothing wider than the screen: the reader never scrolls sideways.
          expect(facts.overflow).toBeLessThanOrEqual(0);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
  );
});
