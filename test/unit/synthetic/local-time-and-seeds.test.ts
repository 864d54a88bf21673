import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekdayIndex, localStamp, localTimeToUtc } from '../../../src/synthetic/local-time.ts';
import { deriveSeed, SeededRandom } from '../../../src/synthetic/seeded-random.ts';

describe('localTimeToUtc', () => {
  it('follows DST in the athlete’s zone', () => {
    const local = { hour: 7, minute: 15, second: 0 };
    expect(localTimeToUtc({ ...local, date: '2025-03-29' }, 'Europe/Paris')).toEqual({
      instant: new Date('2025-03-29T06:15:00Z'),
      utcOffsetS: 3600,
    });
    expect(localTimeToUtc({ ...local, date: '2025-03-30' }, 'Europe/Paris')).toEqual({
      instant: new Date('2025-03-30T05:15:00Z'),
      utcOffsetS: 7200,
    });
    expect(localTimeToUtc({ ...local, date: '2025-01-10' }, 'Asia/Kolkata').utcOffsetS).toBe(19_800);
    expect(localTimeToUtc({ ...local, date: '2025-01-10' }, 'America/Los_Angeles').utcOffsetS).toBe(-28_800);
  });

  it('round-trips through the local stamp used in file names', () => {
    const { instant, utcOffsetS } = localTimeToUtc(
      { date: '2025-11-02', hour: 18, minute: 5, second: 59 },
      'America/New_York',
    );
    expect(localStamp(instant, utcOffsetS)).toBe('2025-11-02-1805');
  });

  it('knows calendar dates and weekdays', () => {
    expect(addDays('2024-02-27', 3)).toBe('2024-03-01');
    expect(isoWeekdayIndex('2025-03-10')).toBe(0);
    expect(isoWeekdayIndex('2025-03-16')).toBe(6);
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('SeededRandom', () => {
  it('replays the same sequence from the same seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('stays in range and has the moments it claims', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const random = new SeededRandom(seed);
        let sum = 0;
        let squares = 0;
        let outOfRange = 0;
        for (let index = 0; index < 2000; index++) {
          const uniform = random.next();
          const value = random.integer(3, 5);
          if (!(uniform >= 0 && uniform < 1) || !(value >= 3 && value <= 5 && Number.isInteger(value)))
            outOfRange++;
          const normal = random.normal();
          sum += normal;
          squares += normal * normal;
        }
        expect(outOfRange).toBe(0);
        expect(Math.abs(sum / 2000)).toBeLessThan(0.15);
        expect(Math.sqrt(squares / 2000)).toBeGreaterThan(0.9);
        expect(Math.sqrt(squares / 2000)).toBeLessThan(1.1);
      }),
      { numRuns: 20 },
    );
  });

  it('derives independent seeds from labels', () => {
    expect(deriveSeed(1, 'week', 0)).toBe(deriveSeed(1, 'week', 0));
    expect(new Set([deriveSeed(1, 'week', 0), deriveSeed(1, 'week', 1), deriveSeed(2, 'week', 0)]).size).toBe(
      3,
    );
  });
});
