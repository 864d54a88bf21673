import { describe, expect, it } from 'vitest';
import {
  generateSyntheticAthlete,
  type SyntheticAthleteOptions,
  type SyntheticWeek,
  syntheticActivities,
} from '../../../src/synthetic/synthetic-athlete.ts';
import type { WeekPattern } from '../../../src/synthetic/week-plans.ts';
import { banisterTrimp, decouplingPercent, fosterMonotony, zoneMinutes } from './stream-metrics.ts';

const base: Omit<SyntheticAthleteOptions, 'weeks' | 'seed'> = {
  timeZone: 'Europe/Paris',
  firstWeekStart: '2025-03-10',
  sampleIntervalS: 5,
};

function weeksOf(pattern: WeekPattern, seeds = [1, 2, 3, 4, 5, 6]): SyntheticWeek[] {
  // Four balanced weeks first: the spike and the spacing rule look back at them.
  return seeds.map(
    (seed) =>
      generateSyntheticAthlete({
        ...base,
        seed,
        weeks: ['balanced', 'balanced', 'balanced', 'balanced', pattern],
      }).weeks[4]!,
  );
}

function runningZoneShares(week: SyntheticWeek, lthr: number) {
  const totals = { z1: 0, z2: 0, z3: 0, moving: 0 };
  for (const session of week.sessions) {
    if (session.activity.sport !== 'running') continue;
    const zones = zoneMinutes(session.activity.streams!, lthr);
    totals.z1 += zones.z1;
    totals.z2 += zones.z2;
    totals.z3 += zones.z3;
    totals.moving += zones.moving;
  }
  return { z1: totals.z1 / totals.moving, z2: totals.z2 / totals.moving, z3: totals.z3 / totals.moving };
}

describe('generateSyntheticAthlete', () => {
  it('is deterministic from the seed', () => {
    const options = { ...base, seed: 99, weeks: 3 };
    expect(generateSyntheticAthlete(options)).toEqual(generateSyntheticAthlete(options));
    const other = generateSyntheticAthlete({ ...options, seed: 100 });
    expect(other.physiology).not.toEqual(generateSyntheticAthlete(options).physiology);
  });

  it('plans the same weeks whatever the sample interval', () => {
    const coarse = generateSyntheticAthlete({ ...base, seed: 7, weeks: 6, sampleIntervalS: 5 });
    const fine = generateSyntheticAthlete({ ...base, seed: 7, weeks: 6, sampleIntervalS: 1 });
    const outline = (athlete: typeof coarse) =>
      athlete.weeks.flatMap((week) =>
        week.sessions.map((session) => [
          session.kind,
          session.activity.startTime.toISOString(),
          session.truth.durationS,
        ]),
      );
    expect(outline(fine)).toEqual(outline(coarse));
    expect(fine.weeks.map((week) => week.truth.pattern)).toEqual(
      coarse.weeks.map((week) => week.truth.pattern),
    );
  });

  it('starts sessions on realistic local hours in the athlete’s zone, inside their week', () => {
    const athlete = generateSyntheticAthlete({
      ...base,
      seed: 3,
      weeks: 4,
      timeZone: 'America/New_York',
      firstWeekStart: '2025-03-03', // DST starts on Sunday 9 March
    });
    for (const [index, week] of athlete.weeks.entries()) {
      expect(week.truth.weekStart).toBe(['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24'][index]);
      for (const session of week.sessions) {
        const { startTime, utcOffsetS } = session.activity;
        const local = new Date(startTime.getTime() + utcOffsetS! * 1000);
        expect(local.toISOString().slice(0, 10)).toBe(session.localDate);
        expect(local.toISOString().slice(11, 19)).toBe(session.localTime);
        expect(local.getUTCHours()).toBeGreaterThanOrEqual(6);
        expect(local.getUTCHours()).toBeLessThan(20);
        expect(utcOffsetS).toBe(startTime < new Date('2025-03-09T07:00:00Z') ? -5 * 3600 : -4 * 3600);
        expect(session.localDate >= week.truth.weekStart).toBe(true);
        expect(session.localDate < ['2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31'][index]!).toBe(
          true,
        );
      }
    }
    expect(() =>
      generateSyntheticAthlete({ ...base, seed: 1, weeks: 1, firstWeekStart: '2025-03-11' }),
    ).toThrow(/Monday/);
  });

  it('produces runs with streams, strength sessions (some manual, without streams) and rides', () => {
    const athlete = generateSyntheticAthlete({ ...base, seed: 11, weeks: 12 });
    const activities = syntheticActivities(athlete);
    const runs = activities.filter((activity) => activity.sport === 'running');
    const strength = activities.filter((activity) => activity.sport === 'strength');
    const rides = activities.filter((activity) => activity.sport === 'cycling');
    expect(runs.every((run) => run.streams?.heartRate && run.streams.distanceM && !run.manual)).toBe(true);
    expect(strength.some((session) => session.streams === null && session.manual)).toBe(true);
    expect(strength.some((session) => session.streams?.heartRate && !session.streams.distanceM)).toBe(true);
    expect(rides.length).toBeGreaterThan(0);
    expect(rides.every((ride) => ride.subSport === 'road' && (ride.distanceM ?? 0) > 15_000)).toBe(true);
    const starts = activities.map((activity) => activity.startTime.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('balanced: 1–2 hard sessions ≥ 48 h apart, ≥ 80% easy, long run ≤ 30% without drift, rest day, strength', () => {
    for (const week of weeksOf('balanced', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])) {
      const { truth } = week;
      expect(truth.hardRunCount).toBeGreaterThanOrEqual(1);
      expect(truth.hardRunCount).toBeLessThanOrEqual(2);
      expect(truth.moderateRunCount).toBe(0);
      expect(truth.minHoursBetweenStressSessions).toBeGreaterThanOrEqual(49);
      expect(truth.maxConsecutiveHardDays).toBe(1);
      expect(truth.longRunShare).toBeLessThanOrEqual(0.3);
      expect(truth.longRunDrift).toBe('none');
      expect(truth.restDays).toBeGreaterThanOrEqual(1);
      expect(truth.strengthCount).toBe(1);
      expect(truth.runningZoneSecondsApprox.z1 / truth.runningTimeS).toBeGreaterThan(0.82);
    }
  });

  it('balanced: the streams agree with the week truth (≥ 80% of running time in Z1)', () => {
    const athlete = generateSyntheticAthlete({ ...base, seed: 21, weeks: ['balanced', 'balanced'] });
    for (const week of athlete.weeks) {
      expect(runningZoneShares(week, athlete.physiology.lthr).z1).toBeGreaterThan(0.82);
    }
  });

  it('balanced: daily loads vary enough to repeat (Foster monotony < 1.9)', () => {
    for (const seed of [31, 32, 33, 34]) {
      const athlete = generateSyntheticAthlete({ ...base, seed, weeks: ['balanced'] });
      const week = athlete.weeks[0]!;
      const dailyLoads = Array.from({ length: 7 }, () => 0);
      for (const session of week.sessions) {
        if (!session.activity.streams) continue;
        const day = (Date.parse(session.localDate) - Date.parse(week.truth.weekStart)) / 86_400_000;
        dailyLoads[day]! += banisterTrimp(session.activity.streams, athlete.physiology);
      }
      expect(fosterMonotony(dailyLoads)).toBeLessThan(1.9);
    }
  });

  it('grey_heavy: most runs moderate, > 15% of running time in Z2', () => {
    for (const week of weeksOf('grey_heavy')) {
      expect(week.truth.moderateRunCount).toBeGreaterThan(week.truth.runCount / 2);
      expect(week.truth.runningZoneSecondsApprox.z2 / week.truth.runningTimeS).toBeGreaterThan(0.16);
    }
  });

  it('hard_packed: 3+ hard sessions on consecutive days', () => {
    for (const week of weeksOf('hard_packed')) {
      expect(week.truth.hardRunCount).toBeGreaterThanOrEqual(3);
      expect(week.truth.maxConsecutiveHardDays).toBeGreaterThanOrEqual(3);
      expect(week.truth.minHoursBetweenStressSessions).toBeLessThan(30);
    }
  });

  it('long_survival: the long run drifts, decoupling > 5%', () => {
    for (const week of weeksOf('long_survival')) {
      const long = week.sessions.find((session) => session.truth.long)!;
      expect(week.truth.longRunDrift).not.toBe('none');
      expect(decouplingPercent(long.activity.streams!)).toBeGreaterThan(6);
      expect(long.truth.intendedClass).toBe('easy');
    }
  });

  it('rest: little or no running, several empty days', () => {
    for (const week of weeksOf('rest')) {
      expect(week.truth.runCount).toBeLessThanOrEqual(2);
      expect(week.truth.runningTimeS).toBeLessThanOrEqual(70 * 60);
      expect(week.truth.hardRunCount).toBe(0);
      expect(week.truth.restDays).toBeGreaterThanOrEqual(3);
    }
  });

  it('load_spike: ~1.6 × the running time of the previous four weeks', () => {
    for (const week of weeksOf('load_spike')) {
      expect(week.truth.runningTimeRatioToRecentWeeks).toBeGreaterThanOrEqual(1.55);
      expect(week.truth.runningTimeRatioToRecentWeeks).toBeLessThan(1.9);
    }
  });

  it('never makes a non-long run that the relative long rule (≥ 60 min) could catch', () => {
    const athlete = generateSyntheticAthlete({ ...base, seed: 5, weeks: 20 });
    for (const session of athlete.weeks.flatMap((week) => week.sessions)) {
      if (session.activity.sport !== 'running') continue;
      if (session.truth.long) expect(session.truth.durationS).toBeGreaterThanOrEqual(100 * 60);
      else expect(session.truth.durationS).toBeLessThanOrEqual(56 * 60);
    }
  });
});
