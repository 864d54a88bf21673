import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Athlete } from '../../src/generated/prisma/client.ts';
import { createDemoCoach } from '../../src/web/demo-coach.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../support/chromium.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { createTempDir, postgresAvailable } from '../support/services.ts';
import { linkIn } from '../support/smtp-capture.ts';
import { seedAnalysedAthlete } from '../support/web-fixtures.ts';
import { startWebServer, type WebServer } from '../support/web-server.ts';

const SCREENS = '/tmp/weekwise-screens';

const ready = (await postgresAvailable()) && chromiumAvailable();

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

/**
 * The dashboard as people use it, in headless Chromium: a runner signs in through the emailed link and
 * invites a coach; the coach accepts through their own emailed links, opens the roster, drills into the
 * athlete and sees the charts; the runner revokes and the athlete vanishes from the coach's roster.
 * Screenshots at laptop and phone sizes go to /tmp/weekwise-screens for a person to look at.
 */
describe.skipIf(!ready)('the web dashboard in a browser', () => {
  const stack = useScratchStack();
  const dir = createTempDir();
  let web: WebServer;
  let browser: Browser;
  let spiky: Athlete;
  let steady: Athlete;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    web = await startWebServer(stack, { listen: true });
    const now = new Date();
    spiky = await seedAnalysedAthlete(stack.database, {
      email: 'sam@weekwise.test',
      name: 'Sam Spiky',
      weeks: [
        'balanced',
        'balanced',
        'grey_heavy',
        'balanced',
        'rest',
        'hard_packed',
        'balanced',
        'load_spike',
      ],
      seed: 21,
      now,
      dir: dir.path,
    });
    steady = await seedAnalysedAthlete(stack.database, {
      email: 'alex@weekwise.test',
      name: 'Alex Steady',
      weeks: ['balanced', 'balanced', 'balanced', 'balanced', 'balanced', 'balanced', 'balanced', 'balanced'],
      seed: 22,
      now,
      dir: dir.path,
    });
    await createDemoCoach(stack.database, { coachEmail: 'coach@weekwise.test', athleteIds: [steady.id] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    dir.remove();
  });

  async function newPerson(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    // Script errors and content-security-policy refusals show up in the console: none are expected.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    return { context, page };
  }

  async function signInFromEmail(page: Page, email: string): Promise<void> {
    const before = web.mail.messages.length;
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).count()).toBe(1);
    const mail = await web.mail.waitForMessage(
      (message) => message.to.includes(email) && web.mail.messages.indexOf(message) >= before,
    );
    await page.goto(linkIn(mail, `${web.publicUrl}/auth/link`));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForLoadState('networkidle');
  }

  async function screenshots(page: Page, name: string): Promise<void> {
    for (const [size, viewport] of [
      ['laptop', LAPTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(250); // the charts follow the resize
      await page.screenshot({ path: join(SCREENS, `${name}-${size}.png`), fullPage: true });
    }
    // A long phone page shrinks to nothing when viewed whole: also in screen-high slices, to read.
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    for (let top = 0, part = 1; top < height; top += PHONE.height, part++) {
      const clip = { x: 0, y: top, width: PHONE.width, height: Math.min(PHONE.height, height - top) };
      await page.screenshot({ path: join(SCREENS, `${name}-phone-${part}.png`), fullPage: true, clip });
    }
    await page.setViewportSize(LAPTOP);
  }

  async function chartsDrawn(page: Page): Promise<void> {
    for (const id of ['fatigue-chart', 'intensity-chart']) {
      const chart = page.locator(`#${id}`);
      await expect.poll(() => chart.getAttribute('data-points'), { timeout: 10_000 }).not.toBeNull();
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(5);
      expect(await chart.locator('svg path').count()).toBeGreaterThan(10);
    }
  }

  it('runs consent from invitation to revocation, with the roster and charts in between', async () => {
    const runner = await newPerson();
    const coach = await newPerson();

    // The runner signs in through the emailed link and lands on their own training.
    await runner.page.goto(web.publicUrl);
    await screenshots(runner.page, 'sign-in');
    await runner.page.getByLabel('Your email address').fill('sam@weekwise.test');
    await signInFromEmail(runner.page, 'sam@weekwise.test');
    expect(new URL(runner.page.url()).pathname).toBe(`/athletes/${spiky.id}`);
    await expect.poll(() => runner.page.getByRole('heading', { name: 'My training' }).count()).toBe(1);
    await chartsDrawn(runner.page);

    // They invite their coach.
    await runner.page.getByLabel('Invite a coach by email').fill('coach@weekwise.test');
    await runner.page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => runner.page.getByText('Invitation sent.').count()).toBe(1);
    await screenshots(runner.page, 'runner');

    // The coach follows the invitation, signs in with the invited address, and accepts.
    const invitation = await web.mail.waitForMessage((message) =>
      message.subject.includes('Sam Spiky invites you'),
    );
    await coach.page.goto(linkIn(invitation, `${web.publicUrl}/invitations`));
    expect(await coach.page.getByLabel('Your email address').inputValue()).toBe('coach@weekwise.test');
    await signInFromEmail(coach.page, 'coach@weekwise.test');
    expect(new URL(coach.page.url()).pathname).toBe('/invitations');
    await coach.page.getByRole('button', { name: /Accept and see Sam Spiky/ }).click();
    await coach.page.waitForLoadState('networkidle');
    expect(new URL(coach.page.url()).pathname).toBe(`/athletes/${spiky.id}`);

    // The roster: both athletes, riskiest first, each with a sparkline that has data.
    await coach.page.getByRole('link', { name: 'Athletes' }).click();
    await coach.page.waitForLoadState('networkidle');
    const cards = coach.page.locator('.athlete-card');
    expect(await cards.locator('h2').allTextContents()).toEqual(['Sam Spiky', 'Alex Steady']);
    for (const spark of await coach.page.locator('.spark').all()) {
      await expect.poll(() => spark.getAttribute('data-points'), { timeout: 10_000 }).not.toBeNull();
      expect(await spark.locator('svg path').count()).toBeGreaterThan(1);
    }
    expect(await cards.first().locator('.alert-badges li').count()).toBeGreaterThan(0);
    await screenshots(coach.page, 'roster');

    // Drilling into the athlete: the charts and the weeks with their verdicts.
    await coach.page.getByRole('link', { name: 'Sam Spiky' }).click();
    await coach.page.waitForLoadState('networkidle');
    await chartsDrawn(coach.page);
    expect(await coach.page.locator('.weeks .week').count()).toBeGreaterThanOrEqual(8);
    expect(await coach.page.locator('.weeks .verdict-chip').first().textContent()).toMatch(/\w/);
    expect(await coach.page.getByRole('heading', { name: 'My coaches' }).count()).toBe(0);
    await screenshots(coach.page, 'athlete');

    // The runner revokes; the athlete vanishes from the coach's roster at once.
    await runner.page.reload();
    await runner.page.getByRole('button', { name: 'Revoke access' }).click();
    await expect.poll(() => runner.page.getByText('can no longer see your training').count()).toBe(1);
    await coach.page.goto(`${web.publicUrl}/roster`);
    expect(await coach.page.locator('.athlete-card h2').allTextContents()).toEqual(['Alex Steady']);
    const gone = await coach.page.goto(`${web.publicUrl}/athletes/${spiky.id}`);
    expect(gone?.status()).toBe(404);

    // The API documentation renders too.
    await coach.page.goto(`${web.publicUrl}/docs`);
    await expect.poll(() => coach.page.locator('.opblock').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await coach.page.screenshot({ path: join(SCREENS, 'docs-laptop.png') });

    // The 404 page logs a failed load in the console; nothing else may have.
    expect(problems.filter((problem) => !problem.includes('404'))).toEqual([]);
    await runner.context.close();
    await coach.context.close();
  });
});
