import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FitParser from 'fit-file-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { demoWeekPatterns, writeSyntheticFitFolder } from '../../../src/synthetic/write-demo-files.ts';

describe('writeSyntheticFitFolder', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes one decodable FIT file per recorded session, named by local start and kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'weekwise-synthetic-'));
    dirs.push(dir);
    const folder = await writeSyntheticFitFolder(dir, {
      weeks: 2,
      seed: 8,
      timeZone: 'Europe/Berlin',
      firstWeekStart: '2025-09-01',
      sampleIntervalS: 5,
    });
    expect(folder.weeks.map((week) => week.pattern)).toEqual(['balanced', 'balanced']);
    const written = folder.files.filter((file) => file.fileName !== null);
    expect((await readdir(dir)).sort()).toEqual(written.map((file) => file.fileName).sort());
    for (const file of written) expect(file.fileName).toMatch(/^2025-09-\d{2}-\d{4}-[a-z]+\.fit$/);
    for (const file of folder.files.filter((entry) => entry.fileName === null)) {
      expect(file.sport).toBe('strength');
    }

    const longRun = written.find((file) => file.kind === 'long')!;
    // Sunday 7 September, 07:xx local (UTC+2 in summer).
    expect(longRun.fileName).toMatch(/^2025-09-07-07\d{2}-long\.fit$/);
    const parsed = await new FitParser({
      force: true,
      speedUnit: 'm/s',
      lengthUnit: 'm',
      mode: 'list',
    }).parseAsync(await readFile(join(dir, longRun.fileName!)));
    expect(parsed.sessions![0]!.start_time).toEqual(longRun.startTime);
    expect(parsed.sessions![0]!.total_distance).toBeCloseTo(longRun.truth.distanceM!, 1);
    expect(longRun.truth).toMatchObject({ long: true, intendedClass: 'easy' });
  });

  it('tells the demo story when given a count of weeks', () => {
    expect(demoWeekPatterns(9)).toEqual([
      'balanced',
      'balanced',
      'grey_heavy',
      'balanced',
      'hard_packed',
      'long_survival',
      'load_spike',
      'rest',
      'balanced',
    ]);
  });
});
