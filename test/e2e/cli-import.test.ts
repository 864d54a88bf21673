import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrations.ts';
import { runCli } from '../support/run-cli.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
} from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';

describe('weekwise --help', () => {
  it('explains every command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['import', 'activities', 'db']) expect(help.stdout).toContain(command);
    const importHelp = await runCli(['import', '--help']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toMatch(/--athlete <email>/);
    expect(importHelp.stdout).toMatch(/--json/);
  });

  it('exits 2 on a usage error', async () => {
    const missing = await runCli(['import']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  it('stops with every configuration problem listed', async () => {
    const run = await runCli(['activities'], { DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_URL/);
    expect(run.stderr).toMatch(/LOG_LEVEL/);
  });
});

const ready = sharedFixturesAvailable() && (await postgresAvailable());

describe.skipIf(!ready)('weekwise import and activities, as a user runs them', () => {
  let scratch: ScratchDatabase;
  let env: Record<string, string>;
  const work = createTempDir();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    env = {
      DATABASE_URL: scratch.url,
      WEEKWISE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WEEKWISE_DATA_DIR: work.path,
    };
  });
  afterAll(async () => {
    await scratch?.drop();
    work.remove();
  });

  it('refuses to run on an unmigrated server, then migrates it', async () => {
    const before = await runCli(['activities'], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/weekwise db migrate/);
    const migrate = await runCli(['db', 'migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain(`${readMigrations().length} migration(s) applied`);
    expect((await runCli(['db', 'migrate'], env)).stdout).toMatch(/up to date/);
  });

  it('prints one JSON line per file and exits 1 when a file failed', async () => {
    const garbage = join(work.path, 'not-a-fit.fit');
    writeFileSync(garbage, 'this is a text file, not a FIT file');
    const files = [fitFixture('elevate__trosku.fit'), fitFixture('python-fitparse__Settings.fit'), garbage];
    const run = await runCli(['import', ...files, '--json', '--athlete', 'Ana@Example.com'], env);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.status)).toEqual(['imported', 'skipped', 'failed']);
    const [imported, skipped, failed] = lines;
    expect(imported.activities).toHaveLength(1);
    expect(imported.activities[0]).toMatchObject({ sport: 'running', hasHeartRate: true });
    for (const key of [
      'id',
      'subSport',
      'startTime',
      'localStartTime',
      'durationS',
      'movingTimeS',
      'distanceM',
      'heartRateSamples',
    ]) {
      expect(imported.activities[0]).toHaveProperty(key);
    }
    expect(imported.activities[0].startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(imported.activities[0].localStartTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(skipped.reason).toMatch(/settings/i);
    expect(failed.reason).toBeTruthy();
  });

  it('exits 0 when nothing failed, reporting duplicates with the stored activities', async () => {
    const run = await runCli(
      ['import', fitFixture('elevate__trosku.fit'), '--json', '-a', 'ana@example.com'],
      env,
    );
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim());
    expect(line.status).toBe('duplicate');
    expect(line.activities).toHaveLength(1);
  });

  it('lists the stored activities, as a table and as JSON', async () => {
    const table = await runCli(['activities', '--athlete', 'ana@example.com'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/running/);
    expect(table.stdout).toMatch(/1 activity for ana@example.com/);
    const json = JSON.parse((await runCli(['activities', '-a', 'ana@example.com', '--json'], env)).stdout);
    expect(json).toHaveLength(1);
    const none = JSON.parse(
      (await runCli(['activities', '-a', 'ana@example.com', '--since', '2100-01-01', '--json'], env)).stdout,
    );
    expect(none).toEqual([]);
    expect((await runCli(['activities', '--since', 'yesterday'], env)).code).toBe(2);
  });
});
