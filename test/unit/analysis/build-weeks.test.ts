import { describe, expect, test } from 'vitest';
import { buildDailySummaries, buildWeeks } from '../../../src/analysis/build-weeks.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import type { ActivityAnalysis, AthleteProfile } from '../../../src/analysis/types.ts';
import { type ActivityOptions, analyze, athlete } from './builders.ts';
import { streams } from './stream-builder.ts';

const hard = () => streams().minutes(10, 130).minutes(10, 175).minutes(10, 130);
const easy = () => streams().minutes(45, 145);
const long = () => streams().minutes(100, 140);

function run(
  builder: ReturnType<typeof streams> | null,
  start: string,
  options: ActivityOptions & { athlete?: AthleteProfile } = {},
) {
  return analyze(builder, { start, id: options.id ?? start, ...options });
}

const paris = athlete();

/** Week of Monday 2026-03-02 (Paris, UTC+1): hard Tue and Thu, long Sun, strength Wed, ride Sat. */
function typicalWeek(): ActivityAnalysis[] {
  return [
    run(hard(), '2026-03-03T17:00:00Z', { id: 'tue-hard' }),
    run(easy(), '2026-03-03T06:00:00Z', { id: 'tue-easy' }),
    run(null, '2026-03-04T18:00:00Z', {
      id: 'wed-strength',
      sport: 'strength',
      manual: true,
      movingTimeS: 2400,
    }),
    run(hard(), '2026-03-05T17:00:00Z', { id: 'thu-hard' }),
    run(streams().minutes(60, 135), '2026-03-07T09:00:00Z', { id: 'sat-ride', sport: 'cycling' }),
    run(long(), '2026-03-08T08:00:00Z', { id: 'sun-long' }),
  ];
}

const march = { from: '2026-03-02', to: '2026-03-08' };

describe('a week', () => {
  test('holds every activity, runs first, each in time order', () => {
    const [week] = buildWeeks(typicalWeek(), paris, march, RULE_SET_V1).weeks;
    expect(week?.weekStart).toBe('2026-03-02');
    expect(week?.weekEnd).toBe('2026-03-08');
    expect(week?.runs.map((entry) => entry.activityId)).toEqual([
      'tue-easy',
      'tue-hard',
      'thu-hard',
      'sun-long',
    ]);
    expect(week?.otherSessions.map((entry) => entry.activityId)).toEqual(['wed-strength', 'sat-ride']);
  });

  test('non-running sessions count in load, not in running figures', () => {
    const analyses = typicalWeek();
    const [week] = buildWeeks(analyses, paris, march, RULE_SET_V1).weeks;
    const total = analyses.reduce((sum, analysis) => sum + (analysis.trimp ?? 0), 0);
    const ride = analyses.find((analysis) => analysis.activityId === 'sat-ride')!;
    expect(ride.trimp).toBeGreaterThan(0);
    expect(week?.facts.load).toBeCloseTo(total, 9);
    expect(week?.facts.runCount).toBe(4);
    expect(week?.facts.runningTimeS).toBe((30 + 45 + 30 + 100) * 60);
    expect(week?.facts.strengthSessions).toBe(1);
    expect(week?.facts.sessionsWithoutLoad).toBe(1);
    expect(week?.facts.restDays).toBe(2);
    expect(week?.facts.sessionsBySport).toEqual({ running: 4, strength: 1, cycling: 1 });
  });

  test('is judged: hard days spaced, a long run, balanced load', () => {
    const [week] = buildWeeks(typicalWeek(), paris, march, RULE_SET_V1).weeks;
    expect(week?.facts.hardSessions).toBe(2);
    expect(week?.facts.stressSessions.map((entry) => entry.localDate)).toEqual([
      '2026-03-03',
      '2026-03-05',
      '2026-03-08',
    ]);
    expect(week?.facts.longRun).toMatchObject({ activityId: 'sun-long', survival: false });
    expect(week?.facts.longRun?.share).toBeCloseTo(100 / 205, 9);
    expect(week?.judgement.flags).toContain('long_run_too_big');
    expect(week?.judgement.flags).not.toContain('hard_days_packed');
    expect(week?.judgement.flags).not.toContain('no_hard');
    expect(week?.facts.heartRateCoverage).toBe(1);
    expect(week?.judgement.confidence).toBe('high');
  });

  test('seven days, with rest and rolling figures', () => {
    const { weeks, days } = buildWeeks(typicalWeek(), paris, march, RULE_SET_V1);
    expect(weeks[0]?.days.map((day) => day.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(days.map((day) => day.rest)).toEqual([true, false, false, false, true, false, false]);
    const sunday = days[6]!;
    expect(sunday.rolling7.load).toBeCloseTo(weeks[0]!.facts.load, 9);
    expect(sunday.rolling7.runs).toBe(4);
    expect(sunday.rolling7.hardDays).toBe(2);
    expect(sunday.stress).toBe(true);
    expect(days[1]?.easy).toBe(false);
    expect(days[4]?.easy).toBe(true);
  });
});

describe('week boundaries in local time', () => {
  test("a Sunday 23:30 run in New York is in that Sunday's week, though Monday in UTC", () => {
    const newYork = athlete({ timeZone: 'America/New_York' });
    const sunday = run(easy(), '2026-03-02T04:30:00Z', { athlete: newYork, id: 'sunday-night' });
    const { weeks } = buildWeeks([sunday], newYork, { from: '2026-02-23', to: '2026-03-08' }, RULE_SET_V1);
    expect(weeks.map((week) => [week.weekStart, week.runs.length])).toEqual([
      ['2026-02-23', 1],
      ['2026-03-02', 0],
    ]);
  });

  test.each([
    [
      'Paris, end of March',
      'Europe/Paris',
      '2026-03-29T21:30:00Z',
      '2026-03-29T22:30:00Z',
      '2026-03-23',
      '2026-03-30',
    ],
    [
      'Paris, end of October',
      'Europe/Paris',
      '2026-10-25T22:30:00Z',
      '2026-10-25T23:30:00Z',
      '2026-10-19',
      '2026-10-26',
    ],
    [
      'New York, March',
      'America/New_York',
      '2026-03-09T03:30:00Z',
      '2026-03-09T04:30:00Z',
      '2026-03-02',
      '2026-03-09',
    ],
    [
      'New York, November',
      'America/New_York',
      '2026-11-02T04:30:00Z',
      '2026-11-02T05:30:00Z',
      '2026-10-26',
      '2026-11-02',
    ],
  ])(
    'the daylight-saving week (%s): 23:30 Sunday and 00:30 Monday fall on either side',
    (_name, zone, sunday, monday, firstWeek, secondWeek) => {
      const profile = athlete({ timeZone: zone });
      const analyses = [
        run(easy(), sunday, { athlete: profile, id: 'sunday' }),
        run(easy(), monday, { athlete: profile, id: 'monday' }),
      ];
      const { weeks } = buildWeeks(analyses, profile, { from: firstWeek, to: secondWeek }, RULE_SET_V1);
      expect(weeks.map((week) => [week.weekStart, week.runs.map((entry) => entry.activityId)])).toEqual([
        [firstWeek, ['sunday']],
        [secondWeek, ['monday']],
      ]);
      expect(weeks[0]?.days).toHaveLength(7);
    },
  );

  test('a week starting on Sunday', () => {
    const sundayStarter = athlete({ weekStartDay: 7 });
    const analyses = [
      run(easy(), '2026-03-07T09:00:00Z', { id: 'saturday' }),
      run(easy(), '2026-03-08T09:00:00Z', { id: 'sunday' }),
    ];
    const { weeks } = buildWeeks(
      analyses,
      sundayStarter,
      { from: '2026-03-07', to: '2026-03-08' },
      RULE_SET_V1,
    );
    expect(weeks.map((week) => [week.weekStart, week.runs.map((entry) => entry.activityId)])).toEqual([
      ['2026-03-01', ['saturday']],
      ['2026-03-08', ['sunday']],
    ]);
  });

  test("a traveller's run is placed by the offset where it was run", () => {
    // Paris athlete in New York (UTC−4 in mid-March): 03:30 UTC Monday is 23:30 Sunday there.
    const abroad = run(easy(), '2026-03-16T03:30:00Z', { utcOffsetS: -4 * 3600, id: 'new-york' });
    const home = run(easy(), '2026-03-16T03:30:00Z', { id: 'paris' });
    const { weeks } = buildWeeks(
      [abroad, home],
      paris,
      { from: '2026-03-09', to: '2026-03-22' },
      RULE_SET_V1,
    );
    expect(weeks.map((week) => week.runs.map((entry) => entry.activityId))).toEqual([
      ['new-york'],
      ['paris'],
    ]);
  });
});

describe('multisport', () => {
  test('a multisport day: a brick run and ride both count', () => {
    const analyses = [
      run(streams().minutes(60, 135), '2026-03-04T08:00:00Z', { id: 'ride', sport: 'cycling' }),
      run(easy(), '2026-03-04T09:05:00Z', { id: 'run' }),
    ];
    const { weeks, days } = buildWeeks(analyses, paris, march, RULE_SET_V1);
    expect(days[2]?.sessions).toBe(2);
    expect(days[2]?.runs).toBe(1);
    expect(weeks[0]?.facts.load).toBeCloseTo(analyses[0]!.trimp! + analyses[1]!.trimp!, 9);
  });

  test("a multisport parent's load is not counted twice beside its legs", () => {
    const analyses = [
      run(streams().minutes(120, 150), '2026-03-07T08:00:00Z', { id: 'triathlon', sport: 'multisport' }),
      run(streams().minutes(70, 150), '2026-03-07T08:00:00Z', {
        id: 'bike-leg',
        sport: 'cycling',
        parentId: 'triathlon',
      }),
      run(streams().minutes(50, 150), '2026-03-07T09:10:00Z', { id: 'run-leg', parentId: 'triathlon' }),
    ];
    const [week] = buildWeeks(analyses, paris, march, RULE_SET_V1).weeks;
    expect(week?.runs.map((entry) => entry.activityId)).toEqual(['run-leg']);
    expect(week?.otherSessions.map((entry) => entry.activityId)).toEqual(['bike-leg']);
    expect(week?.facts.load).toBeCloseTo(analyses[1]!.trimp! + analyses[2]!.trimp!, 9);
  });
});

describe('across weeks', () => {
  function weeksOfEasyRunning(weekStarts: string[], minutes: number): ActivityAnalysis[] {
    return weekStarts.flatMap((start) =>
      [0, 2, 4].map((offset) => {
        const date = new Date(`${start}T07:00:00Z`);
        date.setUTCDate(date.getUTCDate() + offset);
        return run(streams().minutes(minutes, 145), date.toISOString(), { id: `${start}+${offset}` });
      }),
    );
  }

  test('the load ratio compares with the previous 4 weeks', () => {
    const analyses = [
      ...weeksOfEasyRunning(['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'], 40),
      ...weeksOfEasyRunning(['2026-03-02'], 60),
    ];
    const [week] = buildWeeks(analyses, paris, march, RULE_SET_V1).weeks;
    expect(week?.facts.previousWeekLoads).toHaveLength(4);
    expect(week?.facts.loadRatio).toBeCloseTo(1.5, 6);
    expect(week?.judgement.flags).toContain('load_spike');
  });

  test('without earlier weeks there is no ratio (unknown, not a spike)', () => {
    const [week] = buildWeeks(weeksOfEasyRunning(['2026-03-02'], 60), paris, march, RULE_SET_V1).weeks;
    expect(week?.facts.loadRatio).toBeNull();
    expect(week?.judgement.rules.find((rule) => rule.rule === 'load_ratio')?.status).toBe('unknown');
  });

  test("Sunday's long run then Monday's intervals: packed across the boundary", () => {
    const analyses = [
      run(long(), '2026-03-08T08:00:00Z', { id: 'sun-long' }),
      run(hard(), '2026-03-09T17:00:00Z', { id: 'mon-hard' }),
    ];
    const [, second] = buildWeeks(
      analyses,
      paris,
      { from: '2026-03-02', to: '2026-03-15' },
      RULE_SET_V1,
    ).weeks;
    expect(second?.facts.previousStressDay).toBe('2026-03-08');
    expect(second?.judgement.flags).toContain('hard_days_packed');
  });

  test('a stress day followed by a moderate run has no recovery day', () => {
    const analyses = [
      run(hard(), '2026-03-03T17:00:00Z', { id: 'tue-hard' }),
      run(streams().minutes(24, 130).minutes(12, 160).minutes(24, 130), '2026-03-04T17:00:00Z', {
        id: 'wed',
      }),
    ];
    const [week] = buildWeeks(analyses, paris, march, RULE_SET_V1).weeks;
    expect(week?.facts.stressDaysWithoutRecovery).toEqual(['2026-03-03']);
  });

  test('the week still running is not complete, and not blamed for what may come', () => {
    const analyses = [run(easy(), '2026-03-03T07:00:00Z')];
    const { weeks, days } = buildWeeks(
      analyses,
      paris,
      { from: '2026-03-02', to: '2026-03-04' },
      RULE_SET_V1,
    );
    const [week] = weeks;
    expect(week?.days).toHaveLength(7);
    expect(days.map((day) => day.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(week?.facts.complete).toBe(false);
    expect(week?.judgement.flags).not.toContain('no_long_run');
    expect(week?.judgement.flags).not.toContain('no_hard');
    expect(week?.facts.restDays).toBe(2);
  });
});

describe('daily summaries', () => {
  test('one per date in the range, rolling 7 days ending on it', () => {
    const analyses = typicalWeek();
    const days = buildDailySummaries(analyses, { from: '2026-03-08', to: '2026-03-10' });
    expect(days.map((day) => day.date)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    const loadFrom = (from: string) =>
      analyses
        .filter((analysis) => analysis.localDate >= from)
        .reduce((sum, analysis) => sum + (analysis.trimp ?? 0), 0);
    expect(days[0]?.rolling7.load).toBeCloseTo(loadFrom('2026-03-02'), 9);
    expect(days[2]?.rolling7.load).toBeCloseTo(loadFrom('2026-03-04'), 9);
    expect(days[2]?.rolling7.easyShare).not.toBeNull();
  });
});
