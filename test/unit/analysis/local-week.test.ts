import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addDays,
  dateFromEpochDay,
  daysBetween,
  eachDate,
  epochDay,
  isoWeekday,
  localDateAt,
  localOffsetSeconds,
  weekStartOf,
} from '../../../src/analysis/local-week.ts';
import type { IsoWeekday } from '../../../src/analysis/types.ts';

function localDate(instant: string, timeZone: string, utcOffsetS: number | null = null): string {
  const at = new Date(instant);
  return localDateAt(at, localOffsetSeconds(at, utcOffsetS, timeZone));
}

describe('civil dates', () => {
  test.each([
    ['2026-03-02', 1],
    ['2026-03-08', 7],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['2024-02-29', 4],
  ])('%s is ISO weekday %d', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  test('days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
    expect(eachDate('2026-03-28', '2026-03-31')).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
    ]);
  });

  test('a malformed date is refused', () => {
    for (const bad of [
      '2026-3-1',
      '2026-13-01',
      '2026-00-10',
      '2026-01-32',
      '2026/01/01',
      'yesterday',
      '2026-01-01T',
    ]) {
      expect(() => epochDay(bad)).toThrow();
    }
  });

  test('day numbers agree with the calendar for every day from 1900 to 2100', () => {
    for (let day = Date.UTC(1900, 0, 1) / 86_400_000; day <= Date.UTC(2100, 11, 31) / 86_400_000; day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (epochDay(date) !== day) throw new Error(`${date}: ${epochDay(date)} ≠ ${day}`);
    }
  });
});

describe('week start', () => {
  test.each([
    ['Monday weeks: a Sunday belongs to the Monday before', '2026-03-08', 1, '2026-03-02'],
    ['Monday weeks: a Monday starts its own week', '2026-03-02', 1, '2026-03-02'],
    ['Sunday weeks: a Sunday starts its own week', '2026-03-08', 7, '2026-03-08'],
    ['Sunday weeks: a Saturday belongs to the Sunday before', '2026-03-07', 7, '2026-03-01'],
    ['Saturday weeks', '2026-03-06', 6, '2026-02-28'],
  ])('%s', (_name, date, start, expected) => {
    expect(weekStartOf(date, start as IsoWeekday)).toBe(expected);
  });
});

describe('the local date of an activity', () => {
  test.each([
    // Europe/Paris: summer time from 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC.
    ['Paris, Sunday 23:30 before the March change', '2026-03-28T22:30:00Z', 'Europe/Paris', '2026-03-28'],
    [
      'Paris, Sunday 23:30 on the day of the March change',
      '2026-03-29T21:30:00Z',
      'Europe/Paris',
      '2026-03-29',
    ],
    [
      'Paris, 00:30 Monday after the March change (22:30 UTC Sunday)',
      '2026-03-29T22:30:00Z',
      'Europe/Paris',
      '2026-03-30',
    ],
    [
      'Paris, Sunday 23:30 on the day of the October change',
      '2026-10-25T22:30:00Z',
      'Europe/Paris',
      '2026-10-25',
    ],
    ['Paris, the repeated hour in October', '2026-10-25T00:30:00Z', 'Europe/Paris', '2026-10-25'],
    // America/New_York: daylight time from 2026-03-08 07:00 UTC to 2026-11-01 06:00 UTC.
    ['New York, Sunday 23:30 is Monday in UTC', '2026-03-02T04:30:00Z', 'America/New_York', '2026-03-01'],
    [
      'New York, 00:30 Monday after the March change',
      '2026-03-09T04:30:00Z',
      'America/New_York',
      '2026-03-09',
    ],
    [
      'New York, Sunday 23:30 after the November change',
      '2026-11-02T04:30:00Z',
      'America/New_York',
      '2026-11-01',
    ],
  ])('%s', (_name, instant, zone, expected) => {
    expect(localDate(instant, zone)).toBe(expected);
  });

  test("a Sunday-evening run in New York belongs to that Sunday's week", () => {
    const date = localDate('2026-03-02T04:30:00Z', 'America/New_York');
    expect(weekStartOf(date, 1)).toBe('2026-02-23');
  });

  test("the activity's recorded offset wins over the athlete's zone (travel)", () => {
    // A Paris athlete running in Tokyo (UTC+9): 23:00 UTC is 08:00 the next day there.
    expect(localDate('2026-05-10T23:00:00Z', 'Europe/Paris', 9 * 3600)).toBe('2026-05-11');
    expect(localDate('2026-05-10T23:00:00Z', 'Europe/Paris')).toBe('2026-05-11');
    // … and in Los Angeles (UTC−7): 05:00 UTC is 22:00 the day before.
    expect(localDate('2026-05-11T05:00:00Z', 'Europe/Paris', -7 * 3600)).toBe('2026-05-10');
    expect(localDate('2026-05-11T05:00:00Z', 'Europe/Paris')).toBe('2026-05-11');
  });

  test('the offset of the zone follows daylight saving', () => {
    expect(localOffsetSeconds(new Date('2026-03-29T00:59:00Z'), null, 'Europe/Paris')).toBe(3600);
    expect(localOffsetSeconds(new Date('2026-03-29T01:00:00Z'), null, 'Europe/Paris')).toBe(7200);
    expect(localOffsetSeconds(new Date('2026-03-29T01:00:00Z'), null, 'UTC')).toBe(0);
  });
});

describe('day counts and civil dates', () => {
  test('dateFromEpochDay gives the date the calendar gives, and epochDay takes it back (years 0000 to 9999)', () => {
    expect(dateFromEpochDay(-719_528)).toBe('0000-01-01');
    expect(dateFromEpochDay(2_932_896)).toBe('9999-12-31');
    fc.assert(
      fc.property(fc.integer({ min: -719_528, max: 2_932_896 }), (day) => {
        const date = dateFromEpochDay(day);
        expect(date).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(epochDay(date)).toBe(day);
      }),
      { numRuns: 20_000 },
    );
    for (const [day, date] of [
      [0, '1970-01-01'],
      [11_016, '2000-02-29'],
      [-1, '1969-12-31'],
      [20_513, '2026-03-01'],
    ] as const) {
      expect(dateFromEpochDay(day)).toBe(date);
    }
  });
});
