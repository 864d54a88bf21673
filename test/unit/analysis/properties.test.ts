import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildWeeks } from '../../../src/analysis/build-weeks.ts';
import { scanSamples } from '../../../src/analysis/hr-quality.ts';
import { epochDay, isoWeekday } from '../../../src/analysis/local-week.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import { trimpPerMinute } from '../../../src/analysis/trimp.ts';
import type { IsoWeekday } from '../../../src/analysis/types.ts';
import { analyze, athlete } from './builders.ts';
import { type StreamBuilder, streams } from './stream-builder.ts';

type Part =
  | { kind: 'move'; durationS: number; hr: number | null; speed: number }
  | { kind: 'pause'; durationS: number };

function build(parts: Part[]): StreamBuilder {
  const builder = streams();
  for (const part of parts) {
    if (part.kind === 'pause') builder.pause(part.durationS);
    else builder.segment(part.durationS, part.hr, part.speed);
  }
  return builder;
}

/** Segments of whole multiples of `unit` seconds, steady heart rate (or a dropout) and pace, and pauses. */
function parts(unit: number, maxSegments = 12) {
  const move = fc.record({
    kind: fc.constant('move' as const),
    durationS: fc.integer({ min: 1, max: 240 }).map((count) => count * unit),
    hr: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 95, max: 195 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    speed: fc.integer({ min: 20, max: 55 }).map((tenths) => tenths / 10),
  });
  const pause = fc.record({
    kind: fc.constant('pause' as const),
    durationS: fc.integer({ min: 4, max: 120 }).map((count) => count * 5),
  });
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: move }, { weight: 1, arbitrary: pause }), {
      minLength: 1,
      maxLength: maxSegments,
    })
    .filter((list) => list.some((part) => part.kind === 'move'));
}

describe('properties', () => {
  test('time in zones plus unzoned time is the moving time; pauses are not in it', () => {
    fc.assert(
      fc.property(
        parts(1),
        fc.array(fc.tuple(fc.nat(3000), fc.integer({ min: 1, max: 8 })), { maxLength: 4 }),
        (list, spikes) => {
          const builder = build(list);
          for (const [at, length] of spikes) builder.spike(at, length, 226);
          const run = analyze(builder);
          const { z1, z2, z3 } = run.timeInZonesS;
          expect(run.movingTimeS).toBe(builder.movingTimeS());
          expect(z1 + z2 + z3 + run.unzonedS).toBeCloseTo(run.movingTimeS, 6);
          expect(run.movingTimeS + run.pausedS).toBe(builder.elapsedTimeS());
        },
      ),
      { numRuns: 150 },
    );
  });

  test('on raw samples too: moving time is the sum of gaps up to 15 s, each second judged once', () => {
    const sample = fc.record({
      gap: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.1, max: 40, noNaN: true }),
      ),
      hr: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 260, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 2, maxLength: 400 }), (samples) => {
        let clock = 0;
        const timeS = Float64Array.from(samples.map((entry) => (clock += entry.gap)));
        const heartRate = Float64Array.from(samples.map((entry) => entry.hr));
        let expected = 0;
        for (let index = 1; index < timeS.length; index++) {
          const dt = timeS[index]! - timeS[index - 1]!;
          if (dt > 0 && dt <= 15) expected += dt;
        }
        const scan = scanSamples(timeS, heartRate, RULE_SET_V1);
        expect(scan.movingTimeS).toBeCloseTo(expected, 6);
        expect(scan.validS + scan.dropoutS + scan.spikeS).toBeCloseTo(expected, 6);
      }),
      { numRuns: 200 },
    );
  });

  test('TRIMP grows with heart rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 30, max: 220, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.constantFrom('male' as const, 'female' as const, null),
        (heartRate, more, sex) => {
          const k = sex === 'male' ? 0.64 : sex === 'female' ? 0.86 : 0.75;
          const c = sex === 'male' ? 1.92 : sex === 'female' ? 1.67 : 1.795;
          const parameters = { restingHr: 55, maxHr: 190, k, c };
          expect(trimpPerMinute(heartRate + more, parameters)).toBeGreaterThanOrEqual(
            trimpPerMinute(heartRate, parameters),
          );
        },
      ),
    );
    fc.assert(
      fc.property(parts(1, 8), fc.integer({ min: 1, max: 15 }), (list, more) => {
        const raised = list.map((part) =>
          part.kind === 'move' && part.hr !== null ? { ...part, hr: part.hr + more } : part,
        );
        const profile = athlete({ maxHr: 200, restingHr: 50 });
        const before = analyze(build(list), { athlete: profile });
        const after = analyze(build(raised), { athlete: profile });
        if (before.trimp === null) expect(after.trimp).toBeNull();
        else expect(after.trimp!).toBeGreaterThanOrEqual(before.trimp);
      }),
      { numRuns: 100 },
    );
  });

  test('the class does not change when the stream is resampled from 1 s to 5 s', () => {
    fc.assert(
      fc.property(
        parts(5),
        fc.option(fc.integer({ min: 20, max: 80 }), { nil: null }),
        (list, medianMinutes) => {
          const history = { medianRunTimeS: medianMinutes === null ? null : medianMinutes * 60 };
          const everySecond = analyze(build(list), { history });
          const everyFive = analyze(build(list), { history, intervalS: 5 });
          expect(everyFive.class).toBe(everySecond.class);
          expect(everyFive.long).toBe(everySecond.long);
          expect(everyFive.purpose).toBe(everySecond.purpose);
          expect(everyFive.timeInZonesS).toEqual(everySecond.timeInZonesS);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('weeks partition the activities: each in exactly one week, the week of its local date', () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Asia/Tokyo',
      'Australia/Sydney',
      'UTC',
      'Pacific/Auckland',
    ];
    const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) });
    const offset = fc.option(
      fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 900),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 7 }),
        fc.array(
          fc.tuple(
            instant,
            offset,
            fc.constantFrom('running' as const, 'strength' as const, 'cycling' as const),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (timeZone, weekStartDay, entries) => {
          const profile = athlete({ timeZone, weekStartDay: weekStartDay as IsoWeekday });
          const analyses = entries.map(([at, utcOffsetS, sport], index) =>
            analyze(null, {
              id: `a${index}`,
              start: new Date(at).toISOString(),
              utcOffsetS,
              sport,
              manual: true,
              athlete: profile,
            }),
          );
          const dates = analyses.map((analysis) => analysis.localDate).sort();
          const range = { from: dates[0]!, to: dates.at(-1)! };
          const { weeks } = buildWeeks(analyses, profile, range, RULE_SET_V1);
          const seen = new Map<string, string>();
          for (const week of weeks) {
            expect(isoWeekday(week.weekStart)).toBe(weekStartDay);
            expect(epochDay(week.weekEnd) - epochDay(week.weekStart)).toBe(6);
            for (const member of [...week.runs, ...week.otherSessions]) {
              expect(seen.has(member.activityId)).toBe(false);
              seen.set(member.activityId, week.weekStart);
              expect(member.localDate >= week.weekStart && member.localDate <= week.weekEnd).toBe(true);
            }
          }
          expect(seen.size).toBe(analyses.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('every analysis is plain JSON (no NaN, no Infinity, no Date)', () => {
    fc.assert(
      fc.property(parts(1, 8), fc.boolean(), (list, withPaceHistory) => {
        const run = analyze(build(list), {
          athlete: athlete({ lthr: null }),
          history: { medianRunSpeedMps: withPaceHistory ? 3 : null, medianRunTimeS: 1800 },
        });
        expect(JSON.parse(JSON.stringify(run))).toEqual(run);
      }),
      { numRuns: 100 },
    );
  });
});
