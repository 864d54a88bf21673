import { describe, expect, test } from 'vitest';
import { analyzeActivity } from '../../../src/analysis/analyze-run.ts';
import { analyzeActivities, HistoryWindow, summarizeHistory } from '../../../src/analysis/history.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import type { ActivityInput } from '../../../src/analysis/types.ts';
import { activity, athlete } from './builders.ts';
import { streams } from './stream-builder.ts';

function on(
  day: string,
  builder: ReturnType<typeof streams> | null,
  options: Parameters<typeof activity>[1] = {},
) {
  return activity(builder, { start: `${day}T07:00:00Z`, id: day, ...options });
}

describe('each activity is analysed with the history before it', () => {
  test('median run time of the last 28 days decides the long flag', () => {
    const runs = [
      on('2026-03-01', streams().minutes(40, 140)),
      on('2026-03-03', streams().minutes(40, 140)),
      on('2026-03-05', streams().minutes(40, 140)),
      on('2026-03-07', streams().minutes(61, 140)),
    ];
    const analyses = analyzeActivities(athlete(), runs, RULE_SET_V1);
    expect(analyses.map((analysis) => analysis.long)).toEqual([false, false, false, true]);
  });

  test('runs older than 28 days leave the median', () => {
    const runs = [
      on('2026-01-01', streams().minutes(20, 140)),
      on('2026-01-02', streams().minutes(20, 140)),
      on('2026-01-03', streams().minutes(20, 140)),
      on('2026-02-15', streams().minutes(50, 140)),
      on('2026-02-16', streams().minutes(61, 140)),
    ];
    const analyses = analyzeActivities(athlete(), runs, RULE_SET_V1);
    expect(analyses.at(-1)?.long).toBe(false);
  });

  test('a max HR estimate comes from earlier 30-s peaks and lasts 365 days', () => {
    const profile = athlete({ lthr: null });
    const runs = [
      on('2025-01-10', streams().minutes(10, 140).minutes(2, 197).minutes(10, 140)),
      on('2025-06-01', streams().minutes(30, 140)),
      on('2026-01-10', streams().minutes(30, 140)),
    ];
    const analyses = analyzeActivities(profile, runs, RULE_SET_V1);
    expect(analyses[1]?.thresholds.maxHr).toMatchObject({ value: 197, source: 'estimated' });
    expect(analyses[2]?.thresholds.maxHr).toMatchObject({ value: 185, source: 'default' });
  });

  test("runs without heart rate are judged against the athlete's pace history", () => {
    const runs = [
      on('2026-03-01', streams().minutes(40, 140, 3)),
      on('2026-03-02', streams().minutes(40, 140, 3)),
      on('2026-03-03', streams().minutes(20, null, 3).minutes(10, null, 4)),
    ];
    const analyses = analyzeActivities(athlete(), runs, RULE_SET_V1);
    expect(analyses[2]?.zones?.basis).toBe('pace_history');
    expect(analyses[2]?.timeInZonesS.z3).toBe(600);
  });

  test('order of input does not matter: activities are taken in local-date order', () => {
    const runs = [
      on('2026-03-07', streams().minutes(61, 140), { id: 'last' }),
      on('2026-03-01', streams().minutes(40, 140)),
      on('2026-03-03', streams().minutes(40, 140)),
    ];
    const analyses = analyzeActivities(athlete(), runs, RULE_SET_V1);
    expect(analyses.map((analysis) => analysis.activityId)).toEqual(['2026-03-01', '2026-03-03', 'last']);
    expect(analyses[2]?.long).toBe(true);
  });

  test('the incremental windows agree with summarizeHistory, run by run', () => {
    const profile = athlete({ lthr: null });
    const runs: ActivityInput[] = [];
    for (let day = 0; day < 120; day += 3) {
      const date = new Date(Date.UTC(2026, 0, 1 + day, 6 + (day % 5)));
      const minutes = 30 + ((day * 7) % 50);
      const peak = 160 + ((day * 13) % 35);
      runs.push(
        activity(
          streams()
            .minutes(minutes, 140, 2.8 + (day % 4) * 0.1)
            .minutes(1, peak),
          {
            id: `run-${day}`,
            start: date.toISOString(),
            sport: day % 9 === 0 ? 'cycling' : 'running',
          },
        ),
      );
    }
    const analyses = analyzeActivities(profile, runs, RULE_SET_V1);
    analyses.forEach((analysis, index) => {
      const history = summarizeHistory(analyses.slice(0, index), analysis.localDate, RULE_SET_V1);
      const again = analyzeActivity(runs[index]!, { athlete: profile, history }, RULE_SET_V1);
      expect(again).toEqual(analysis);
    });
  });
});

describe('HistoryWindow', () => {
  const profile = athlete({ lthr: null });
  const analyses = analyzeActivities(
    profile,
    Array.from({ length: 40 }, (_, index) =>
      activity(
        streams()
          .minutes(30 + (index % 7) * 10, 140, 2.8 + (index % 3) * 0.2)
          .minutes(1, 160 + index),
        {
          id: `run-${index}`,
          start: new Date(Date.UTC(2025, 0, 1 + index * 11, 7)).toISOString(),
        },
      ),
    ),
    RULE_SET_V1,
  );

  test('in date order it agrees with summarizeHistory', () => {
    const window = new HistoryWindow(RULE_SET_V1);
    analyses.forEach((analysis, index) => {
      expect(window.contextFor(analysis.localDate)).toEqual(
        summarizeHistory(analyses.slice(0, index), analysis.localDate, RULE_SET_V1),
      );
      window.add(analysis);
    });
  });

  test('out of order it falls back and is still right', () => {
    const window = new HistoryWindow(RULE_SET_V1);
    const shuffled = [...analyses].reverse();
    shuffled.forEach((analysis, index) => {
      expect(window.contextFor(analysis.localDate)).toEqual(
        summarizeHistory(shuffled.slice(0, index), analysis.localDate, RULE_SET_V1),
      );
      window.add(analysis);
    });
  });
});
