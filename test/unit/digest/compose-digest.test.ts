import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../../src/analysis/local-week.ts';
import { composeDigest } from '../../../src/digest/compose-digest.ts';
import type { DigestContent, DigestSection, DigestSectionId } from '../../../src/digest/digest-content.ts';
import { formatPercent, formatShortDay, formatWeekRange } from '../../../src/digest/digest-format.ts';
import type { DigestWeek } from '../../../src/digest/digest-week.ts';
import { fixtureWeek, HOSTILE_NAME } from './digest-fixture-weeks.ts';

const APP_URL = 'https://weekwise.example';

function section(content: DigestContent, id: DigestSectionId): DigestSection {
  const found = content.sections.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} section`);
  return found;
}

const allText = (part: DigestSection) => [...part.paragraphs, ...part.bullets, ...part.notes].join('\n');

describe('composeDigest on weeks built by the real analysis from synthetic runners', () => {
  it('a balanced week: the verdict in plain words, what worked, and the analysis’s one recommendation', () => {
    const week = fixtureWeek('balanced');
    const content = composeDigest(week, { appUrl: APP_URL });
    expect(week.judgement.verdict).toBe('balanced');
    expect(content.kind).toBe('week');
    expect(content.subject).toBe(
      `Your week of ${formatWeekRange(week.weekStart, week.weekEnd)}: balanced, repeat it`,
    );
    expect(content.verdict).toMatchObject({
      headline: 'Balanced: repeat it',
      tone: 'good',
      confidence: 'high',
    });
    expect(content.recommendation).toBe(week.judgement.recommendation);
    expect(content.broke).toEqual([]);
    const passed = week.judgement.rules.filter((rule) => rule.status === 'pass').map((rule) => rule.rule);
    for (const check of content.worked) expect(passed).toContain(check.rule);
    expect(content.worked.map((check) => check.rule)).toEqual(
      expect.arrayContaining(['hard_sessions', 'easy_share', 'grey_zone', 'long_run']),
    );
    // Shares are the week's own, against DOMAIN.md's targets.
    const intensity = allText(section(content, 'intensity'));
    expect(intensity).toContain(`Easy (Z1): ${formatPercent(week.facts.easyShare!)} of running time`);
    expect(intensity).toContain(`aim: ${formatPercent(week.targets.easyShareTarget)} or more`);
    expect(intensity).toContain(`Grey zone (Z2): ${formatPercent(week.facts.greyShare!)}`);
    expect(intensity).toContain(`at most ${formatPercent(week.targets.greyShareMax)}`);
    expect(content.notices).toEqual([]);
  });

  it('a grey-heavy week: too much grey zone, the moderate runs counted, the easy ceiling in the advice', () => {
    const week = fixtureWeek('greyHeavy');
    const content = composeDigest(week);
    expect(week.judgement.flags[0]).toBe('grey_zone');
    expect(content.subject).toMatch(/: too much grey zone$/);
    expect(content.verdict.tone).toBe('warning');
    const grey = content.broke.find((check) => check.rule === 'grey_zone');
    expect(grey?.text).toContain(
      `${formatPercent(week.facts.greyShare!)} of your running was in the grey zone`,
    );
    expect(content.verdict.detail).toBe(grey?.text);
    expect(allText(section(content, 'intensity'))).toContain(
      `${week.facts.moderateRuns} runs stayed moderate`,
    );
    expect(content.recommendation).toBe(week.judgement.recommendation);
    expect(content.recommendation).toContain(`below ${Math.floor(week.facts.easyCeilingBpm!)} bpm`);
  });

  it('hard days packed: which days came back to back, and no easy day after them', () => {
    const week = fixtureWeek('hardPacked');
    const content = composeDigest(week);
    expect(week.judgement.flags).toEqual(expect.arrayContaining(['too_many_hard', 'hard_days_packed']));
    expect(content.verdict.headline).toBe('Too many hard sessions');
    // The stress days one day apart, as the analysis found them.
    const dates = week.facts.stressSessions.map((stress) => stress.localDate);
    const packed = dates.filter((date, index) => index > 0 && daysBetween(dates[index - 1]!, date) === 1);
    expect(packed.length).toBeGreaterThan(0);
    const spacing = content.broke.find((check) => check.rule === 'spacing');
    expect(spacing?.title).toBe('Hard days back to back');
    for (const date of packed) expect(spacing?.text).toContain(formatShortDay(date));
    const hardDays = section(content, 'hard_days');
    expect(hardDays.bullets.filter((bullet) => bullet.includes('the day after another'))).toHaveLength(
      packed.length,
    );
    expect(allText(hardDays)).toContain('back to back');
    for (const date of week.facts.stressDaysWithoutRecovery)
      expect(content.broke.find((check) => check.rule === 'recovery_day')?.text).toContain(
        formatShortDay(date),
      );
    // The runner's own name for a session is kept as typed: escaping is the renderers' job.
    expect(content.sessions[0]?.title).toBe(HOSTILE_NAME.trim());
  });

  it('a long run that turned into survival: why, with its drift against the 5% line', () => {
    const week = fixtureWeek('longSurvival');
    const content = composeDigest(week);
    const long = week.facts.longRun!;
    expect(long.survival).toBe(true);
    expect(content.verdict.headline).toBe('The long run was survival, not progression');
    const text = allText(section(content, 'long_run'));
    expect(text).toContain('Survival, not progression');
    if (long.decouplingPct !== null && long.decouplingPct >= week.targets.decouplingSurvivalPct) {
      expect(text).toContain(`drifted ${long.decouplingPct.toFixed(1)}%`);
      expect(content.verdict.detail).toContain(
        `heart rate drifted ${long.decouplingPct.toFixed(1)}% against your pace`,
      );
    }
    expect(text).toContain(`${formatPercent(long.share)} of the week's running time`);
    // The alert says the same as the verdict: it is not repeated under "Worth watching".
    expect(week.alerts.map((alert) => alert.code)).toContain('long_run_survival');
    expect(content.sections.find((part) => part.id === 'alerts')?.bullets ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining('turned into survival')]),
    );
    expect(content.recommendation).toBe(week.judgement.recommendation);
  });

  it('a progression long run says it held together', () => {
    const week = fixtureWeek('balanced');
    expect(week.facts.longRun?.survival).toBe(false);
    expect(allText(section(composeDigest(week), 'long_run'))).toContain('Progression');
  });

  it('a week without any activity is a short note, with the reconnect notice when a provider needs it', () => {
    const week = fixtureWeek('noData');
    const content = composeDigest(week, { appUrl: APP_URL });
    expect(week.kind).toBe('empty');
    expect(content).toMatchObject({ kind: 'empty', charts: null, sessions: [], recommendation: null });
    expect(content.subject).toMatch(/: no activity recorded$/);
    expect(content.verdict.headline).toBe('No activity recorded');
    expect(content.verdict.confidenceNote).toBeNull();
    expect(content.sections.map((part) => part.id)).toEqual(['fatigue']);
    expect(content.notices).toEqual([
      expect.objectContaining({
        kind: 'reconnect',
        title: 'Reconnect Strava',
        link: { label: 'Reconnect Strava', url: APP_URL },
      }),
    ]);
  });

  it('low confidence is said plainly, with the reason (runs without heart rate)', () => {
    const week = fixtureWeek('lowConfidence');
    const content = composeDigest(week);
    const quality = week.dataQuality;
    expect(week.judgement.confidence).toBe('low');
    expect(quality.runsWithoutHeartRate).toBeGreaterThan(0);
    expect(content.verdict.confidenceNote).toMatch(
      /^Low confidence: heart rate covered only \d+% of your running time/,
    );
    expect(content.verdict.confidenceNote).toContain(
      `${quality.runsWithoutHeartRate} of ${quality.runs} runs had none`,
    );
    expect(content.notices.find((notice) => notice.kind === 'data_quality')?.text).toContain(
      `${quality.runsWithoutHeartRate} of your ${quality.runs} runs had no heart rate`,
    );
    const noHeartRate = content.sessions.filter((row) => row.tags.includes('no heart rate'));
    expect(noHeartRate).toHaveLength(quality.runsWithoutHeartRate);
  });

  it('too little heart rate: no verdict, why, and how to get one next week', () => {
    const week = fixtureWeek('withheld');
    const content = composeDigest(week);
    expect(week.judgement.confidence).toBe('none');
    expect(content.verdict.headline).toBe('Not enough heart rate for a verdict');
    expect(content.verdict.confidenceNote).toMatch(/^No verdict: heart rate covered only \d+%/);
    expect(content.verdict.confidenceNote).toContain(
      `at least ${formatPercent(week.targets.minHrCoverage)} is needed`,
    );
    expect(content.recommendation).toBe(week.judgement.recommendation);
    expect(content.recommendation).toContain('heart-rate sensor');
    expect(content.broke).toEqual([]);
  });

  it('connections to re-authorise or revoked appear as notices; healthy ones do not', () => {
    const week: DigestWeek = {
      ...fixtureWeek('balanced'),
      connections: [
        { provider: 'strava', status: 'needs_reauth', reason: null },
        { provider: 'garmin', status: 'revoked', reason: null },
      ],
    };
    const withLink = composeDigest(week, { appUrl: APP_URL }).notices;
    expect(withLink.map((notice) => [notice.kind, notice.title])).toEqual([
      ['reconnect', 'Reconnect Strava'],
      ['reconnect', 'Garmin Connect is disconnected'],
    ]);
    expect(withLink[0]?.text).toContain('weekwise connect strava');
    expect(withLink[0]?.link?.url).toBe(APP_URL);
    expect(composeDigest(week).notices[0]?.link).toBeNull();
  });

  it('a week the analysis saw before it ended says so', () => {
    const week: DigestWeek = { ...fixtureWeek('balanced'), complete: false };
    const content = composeDigest(week);
    expect(content.subject).toMatch(/ so far: /);
    expect(content.notices[0]?.kind).toBe('incomplete_week');
  });

  it('is pure and works from the week as JSON (what a job queue or a log would carry)', () => {
    const week = fixtureWeek('hardPacked');
    const throughJson = JSON.parse(JSON.stringify(week)) as DigestWeek;
    expect(throughJson).toEqual(week);
    expect(composeDigest(throughJson, { appUrl: APP_URL })).toEqual(composeDigest(week, { appUrl: APP_URL }));
  });

  it('explains every term of the trade it uses', () => {
    for (const name of ['balanced', 'hardPacked', 'longSurvival', 'withheld'] as const) {
      const content = composeDigest(fixtureWeek(name));
      const text = JSON.stringify(content);
      const explanations = content.sections.flatMap((part) => [...part.notes, ...part.bullets]);
      const terms: Array<[used: RegExp, explained: RegExp]> = [
        [/\bZ1\b/, /^Easy \(Z1\): a pace you could chat at/],
        [/\bZ2\b|grey zone/, /^Grey zone \(Z2\): moderate/],
        [/\bZ3\b/, /^Hard \(Z3\): threshold and faster/],
        [/Acute:chronic/, /^Acute:chronic ratio: this week's load divided by your usual/],
        [/TRIMP|\bload\b/i, /^Load \(TRIMP\): minutes of training weighted/],
        [/Monotony/, /^Monotony: average daily load divided by/],
        [/CTL/, /^Fitness \(CTL\) .*: your long-term load/],
        [/ATL/, /^Fatigue \(ATL\) .*: your short-term load/],
        [/TSB/, /^Form \(TSB\) .*: fitness minus fatigue/],
        [/[Ss]tress day/, /^Stress day: a hard session or the long run/],
        [/[Dd]rift/, /^Drift \(aerobic decoupling\): how much your heart rate rises/],
        [/LTHR/, /LTHR \(lactate-threshold heart rate\): about what you can hold/],
        [/max HR/, /^Max HR: the highest heart rate you reach/],
      ];
      for (const [used, explained] of terms) {
        if (used.test(text))
          expect(
            explanations.some((line) => explained.test(line)),
            `${name}: ${explained}`,
          ).toBe(true);
      }
    }
  });
});
