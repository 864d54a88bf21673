import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextQuarterHour,
  nextUtcMidnight,
  previousWindow,
  quarterHourStart,
  utcDayStart,
  windowAt,
} from '../../../../src/providers/rate-limit/rate-limit-windows.ts';

const at = (iso: string) => new Date(iso);

describe('rate-limit windows', () => {
  it.each([
    ['2026-07-14T10:00:00.000Z', '2026-07-14T10:00:00.000Z', '2026-07-14T10:15:00.000Z'],
    ['2026-07-14T10:14:59.999Z', '2026-07-14T10:00:00.000Z', '2026-07-14T10:15:00.000Z'],
    ['2026-07-14T10:15:00.000Z', '2026-07-14T10:15:00.000Z', '2026-07-14T10:30:00.000Z'],
    ['2026-07-14T10:44:10.000Z', '2026-07-14T10:30:00.000Z', '2026-07-14T10:45:00.000Z'],
    ['2026-07-14T23:59:59.999Z', '2026-07-14T23:45:00.000Z', '2026-07-15T00:00:00.000Z'],
    ['1969-12-31T23:50:00.000Z', '1969-12-31T23:45:00.000Z', '1970-01-01T00:00:00.000Z'],
  ])('the quarter hour of %s starts at %s and ends at %s', (now, start, end) => {
    expect(quarterHourStart(at(now)).toISOString()).toBe(start);
    expect(nextQuarterHour(at(now)).toISOString()).toBe(end);
    expect(windowAt('fifteenMinutes', at(now))).toEqual({ start: at(start), end: at(end) });
  });

  it.each([
    ['2026-07-14T00:00:00.000Z', '2026-07-14T00:00:00.000Z', '2026-07-15T00:00:00.000Z'],
    ['2026-07-14T23:59:59.999Z', '2026-07-14T00:00:00.000Z', '2026-07-15T00:00:00.000Z'],
    ['2026-12-31T12:00:00.000Z', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2028-02-28T22:00:00.000Z', '2028-02-28T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
  ])('the UTC day of %s starts at %s and ends at %s', (now, start, end) => {
    expect(utcDayStart(at(now)).toISOString()).toBe(start);
    expect(nextUtcMidnight(at(now)).toISOString()).toBe(end);
    expect(windowAt('daily', at(now))).toEqual({ start: at(start), end: at(end) });
  });

  it('is UTC whatever the local zone: Paris in summer still turns at 00:00 UTC, not 22:00', () => {
    // 23:30 UTC is 01:30 in Paris on the next day; the provider's day has not turned yet.
    expect(nextUtcMidnight(at('2026-07-14T23:30:00+00:00')).toISOString()).toBe('2026-07-15T00:00:00.000Z');
    expect(nextUtcMidnight(at('2026-07-15T00:30:00+02:00')).toISOString()).toBe('2026-07-15T00:00:00.000Z');
  });

  it('gives the window just before', () => {
    expect(previousWindow('fifteenMinutes', at('2026-07-14T10:15:00.000Z'))).toEqual({
      start: at('2026-07-14T10:00:00.000Z'),
      end: at('2026-07-14T10:15:00.000Z'),
    });
    expect(previousWindow('daily', at('2026-07-15T00:00:00.000Z'))).toEqual({
      start: at('2026-07-14T00:00:00.000Z'),
      end: at('2026-07-15T00:00:00.000Z'),
    });
  });

  it('always contains the instant, starts on a quarter hour and lasts exactly its length', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (milliseconds) => {
        const now = new Date(milliseconds);
        for (const [kind, length] of [
          ['fifteenMinutes', 900_000],
          ['daily', 86_400_000],
        ] as const) {
          const window = windowAt(kind, now);
          expect(window.start.getTime()).toBeLessThanOrEqual(milliseconds);
          expect(window.end.getTime()).toBeGreaterThan(milliseconds);
          expect(window.end.getTime() - window.start.getTime()).toBe(length);
          expect(window.start.getUTCMinutes() % 15).toBe(0);
          expect(window.start.getUTCSeconds()).toBe(0);
          expect(window.start.getUTCMilliseconds()).toBe(0);
          if (kind === 'daily') expect(window.start.getUTCHours()).toBe(0);
        }
      }),
    );
  });
});
