import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestMatch, isSameSession, type SessionOutline } from '../../../src/ingest/same-session.ts';

const run = (start: string, minutes: number, km: number | null, sport = 'running'): SessionOutline => ({
  sport,
  startTime: new Date(start),
  elapsedTimeS: minutes * 60,
  distanceM: km === null ? null : km * 1000,
});

describe('isSameSession', () => {
  it.each([
    [
      'the same run from a watch and from Strava',
      run('2026-11-10T06:30:00Z', 50, 10),
      run('2026-11-10T06:30:02Z', 49.5, 10.04),
      true,
    ],
    [
      'a run whose upload started the clock a minute late',
      run('2026-11-10T06:30:00Z', 50, 10),
      run('2026-11-10T06:31:00Z', 49, 9.8),
      true,
    ],
    [
      'a distance unknown on one side (treadmill summary)',
      run('2026-11-10T06:30:00Z', 50, 10),
      run('2026-11-10T06:30:00Z', 50, null),
      true,
    ],
    [
      'a generic workout from one provider',
      run('2026-11-10T06:30:00Z', 50, 10),
      run('2026-11-10T06:30:00Z', 50, 10, 'other'),
      true,
    ],
    [
      'a double day: two runs an hour apart',
      run('2026-11-10T06:30:00Z', 40, 8),
      run('2026-11-10T07:40:00Z', 40, 8),
      false,
    ],
    [
      'back-to-back warm-up and race',
      run('2026-11-10T08:00:00Z', 15, 3),
      run('2026-11-10T08:16:00Z', 40, 10),
      false,
    ],
    [
      'a ride and a run at the same time',
      run('2026-11-10T06:30:00Z', 50, 10),
      run('2026-11-10T06:30:00Z', 50, 10, 'cycling'),
      false,
    ],
    [
      'a short run inside a long one (different sessions)',
      run('2026-11-10T06:30:00Z', 90, 18),
      run('2026-11-10T06:31:00Z', 20, 4),
      false,
    ],
    ['distances far apart', run('2026-11-10T06:30:00Z', 50, 10), run('2026-11-10T06:30:00Z', 50, 7), false],
  ])('%s → %s', (_label, left, right, expected) => {
    expect(isSameSession(left, right)).toBe(expected);
    expect(isSameSession(right, left)).toBe(expected);
  });
});

const session = fc.record({
  sport: fc.constantFrom('running', 'cycling', 'strength'),
  startMs: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }),
  elapsedTimeS: fc.integer({ min: 600, max: 4 * 3600 }),
  distanceM: fc.option(fc.integer({ min: 1000, max: 42_000 }), { nil: null }),
});
const outline = (value: {
  sport: string;
  startMs: number;
  elapsedTimeS: number;
  distanceM: number | null;
}) => ({
  sport: value.sport,
  startTime: new Date(value.startMs),
  elapsedTimeS: value.elapsedTimeS,
  distanceM: value.distanceM,
});

describe('isSameSession (properties)', () => {
  it('recognises one session described by two sources with small disagreements', () => {
    fc.assert(
      fc.property(
        session,
        fc.integer({ min: -30, max: 30 }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        (base, startJitterS, durationJitter, distanceJitter) => {
          const original = outline(base);
          const copy = {
            ...original,
            startTime: new Date(base.startMs + startJitterS * 1000),
            elapsedTimeS: base.elapsedTimeS * (1 + durationJitter),
            distanceM: base.distanceM === null ? null : base.distanceM * (1 + distanceJitter),
          };
          return isSameSession(original, copy) && isSameSession(copy, original);
        },
      ),
    );
  });

  it('never merges two sessions that do not overlap in time (double days, back-to-back sessions)', () => {
    fc.assert(
      fc.property(session, session, fc.integer({ min: 0, max: 6 * 3600 }), (first, second, gapS) => {
        const left = outline(first);
        const secondStart = first.startMs + first.elapsedTimeS * 1000 + gapS * 1000;
        const right = outline({ ...second, startMs: secondStart });
        return !isSameSession(left, right) && !isSameSession(right, left);
      }),
    );
  });

  it('picks the stored activity that overlaps most', () => {
    const stored = [
      run('2026-11-10T06:00:00Z', 30, 6),
      run('2026-11-10T06:29:00Z', 50, 10),
      run('2026-11-10T07:40:00Z', 40, 8),
    ];
    expect(bestMatch(run('2026-11-10T06:30:00Z', 50, 10), stored)).toBe(stored[1]);
    expect(bestMatch(run('2026-11-10T12:00:00Z', 50, 10), stored)).toBeNull();
  });
});
