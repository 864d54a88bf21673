import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEEK_FLAGS } from '../../src/analysis/index.ts';
import { DEMO_RUNNER_EMAIL } from '../../src/demo/run-demo.ts';
import { type CliRun, runCli } from '../support/run-cli.ts';
import { createTempDir } from '../support/services.ts';

/** The README's first command, on the embedded default, as a newcomer runs it. */
describe('weekwise demo on the embedded default', () => {
  const dataDir = createTempDir();
  const env = { WEEKWISE_DATA_DIR: dataDir.path };
  let demo: CliRun;

  beforeAll(async () => {
    demo = await runCli(['demo'], env, 180_000);
  }, 200_000);
  afterAll(() => dataDir.remove());

  it('imports eight weeks and shows their verdicts', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/\d+ FIT files imported/);
    for (const verdict of [
      'balanced',
      'too much grey zone',
      'too many hard sessions',
      'long run was survival',
    ]) {
      expect(demo.stdout).toContain(verdict);
    }
    expect(demo.stdout).toMatch(/Next week: /);
  });

  it('prints the weeks as JSON, newest last, with the documented keys and flag codes', async () => {
    const run = await runCli(['weeks', '--athlete', DEMO_RUNNER_EMAIL, '--weeks', '9', '--json'], env);
    expect(run.code).toBe(0);
    const weeks = JSON.parse(run.stdout) as Array<
      Record<string, unknown> & { weekStart: string; flags: string[] }
    >;
    expect(weeks.length).toBeGreaterThanOrEqual(8);
    expect([...weeks].map((week) => week.weekStart).sort()).toEqual(weeks.map((week) => week.weekStart));
    for (const week of weeks) {
      expect(Object.keys(week).sort()).toEqual(
        [
          'weekStart',
          'runs',
          'runningTimeS',
          'hardSessions',
          'easyShare',
          'greyShare',
          'highShare',
          'longRun',
          'load',
          'acwr',
          'monotony',
          'verdict',
          'recommendation',
          'confidence',
          'flags',
        ].sort(),
      );
      for (const flag of week.flags) expect(WEEK_FLAGS).toContain(flag);
    }
    const demoWeeks = weeks.slice(-9, -1); // the current week (empty) comes last
    const flagsOf = (index: number) => demoWeeks[index]?.flags ?? [];
    expect(flagsOf(2)).toContain('grey_zone');
    expect(flagsOf(4)).toContain('too_many_hard');
    expect(flagsOf(6)).toContain('load_spike');
    expect(flagsOf(7)).toContain('long_run_survival');
  });

  it('lists the runs with class, zones, load and confidence', async () => {
    const run = await runCli(['runs', '-a', DEMO_RUNNER_EMAIL, '--json'], env);
    expect(run.code).toBe(0);
    const runs = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(runs.length).toBeGreaterThan(30);
    for (const item of runs) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'id',
          'startTime',
          'localDate',
          'sport',
          'class',
          'long',
          'purpose',
          'timeInZonesS',
          'trimp',
          'confidence',
        ].sort(),
      );
    }
    expect(new Set(runs.map((item) => item.class))).toEqual(
      new Set(['recovery', 'easy', 'moderate', 'hard']),
    );
    expect(runs.some((item) => item.long === true)).toBe(true);
  });
});
