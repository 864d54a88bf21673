import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDistance,
  formatDuration,
  formatNumber,
  formatWeekRange,
  joinWords,
} from '../../../src/digest/digest-format.ts';
import { latestClosedWeekStart } from '../../../src/digest/load-digest-week.ts';

describe('how figures read in the digest', () => {
  it('names a week by its dates, the month once when it does not change', () => {
    expect(formatWeekRange('2026-11-09', '2026-11-15')).toBe('9\u201315 Nov');
    expect(formatWeekRange('2026-11-09', '2026-11-15', { year: true })).toBe('9\u201315 Nov 2026');
    expect(formatWeekRange('2026-09-28', '2026-10-04')).toBe('28 Sep \u2013 4 Oct');
    expect(formatWeekRange('2025-12-29', '2026-01-04')).toBe('29 Dec 2025 \u2013 4 Jan 2026');
  });

  it('writes durations, distances and signed numbers for reading', () => {
    expect([
      formatDuration(59 * 60),
      formatDuration(3600),
      formatDuration(6000),
      formatDuration(3929),
    ]).toEqual(['59 min', '1 h', '1 h 40 min', '1 h 05 min']);
    expect([formatDistance(null), formatDistance(0), formatDistance(800), formatDistance(10_166)]).toEqual([
      null,
      null,
      '800 m',
      '10.2 km',
    ]);
    expect([
      formatNumber(-9.4),
      formatNumber(12.6),
      formatChange(0.2),
      formatChange(2),
      formatChange(-5),
    ]).toEqual(['\u22129', '13', '\u00b10', '+2', '\u22125']);
    expect([joinWords([]), joinWords(['a']), joinWords(['a', 'b']), joinWords(['a', 'b', 'c'])]).toEqual([
      '',
      'a',
      'a and b',
      'a, b and c',
    ]);
  });
});

describe('latestClosedWeekStart: the newest week that has ended where the runner lives', () => {
  // Monday 2026-11-16 00:30 UTC: already Monday in Paris (01:30), still Sunday in New York (19:30).
  const now = new Date('2026-11-16T00:30:00Z');

  it('follows the runner’s time zone', () => {
    expect(latestClosedWeekStart({ timeZone: 'Europe/Paris', weekStartDay: 1 }, now)).toBe('2026-11-09');
    expect(latestClosedWeekStart({ timeZone: 'America/New_York', weekStartDay: 1 }, now)).toBe('2026-11-02');
  });

  it('follows the runner’s week start day', () => {
    // Paris, weeks from Sunday: the week of Sunday 15 November is running, the one of the 8th has ended.
    expect(latestClosedWeekStart({ timeZone: 'Europe/Paris', weekStartDay: 7 }, now)).toBe('2026-11-08');
    // New York, weeks from Sunday: it is Sunday 15 there, so the week of the 8th has just ended too.
    expect(latestClosedWeekStart({ timeZone: 'America/New_York', weekStartDay: 7 }, now)).toBe('2026-11-08');
  });
});
