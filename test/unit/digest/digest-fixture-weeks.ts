import type { DigestWeek } from '../../../src/digest/digest-week.ts';
import type { WeekPattern } from '../../../src/synthetic/index.ts';
import { type SyntheticDigestOptions, syntheticDigestWeek } from './synthetic-digest-week.ts';

/** Four ordinary weeks first, so that load ratios, fitness and spacing across weeks have a history. */
const HISTORY: readonly WeekPattern[] = ['balanced', 'balanced', 'balanced', 'balanced'];

export const HOSTILE_NAME = '<img src=x onerror="alert(1)"> Tempo & "friends" __DIGEST_SLOT_0__';

/** The weeks the digest tests render; each is built once per test file (the analysis takes ~0.1 s). */
export const FIXTURE_WEEKS = {
  balanced: { patterns: [...HISTORY, 'balanced'] },
  greyHeavy: { patterns: [...HISTORY, 'grey_heavy'] },
  hardPacked: {
    patterns: [...HISTORY, 'hard_packed'],
    name: (session, index) =>
      index === 0 ? HOSTILE_NAME : session.kind === 'long' ? 'Sunday long run' : null,
  },
  longSurvival: { patterns: [...HISTORY, 'long_survival'] },
  noData: {
    patterns: HISTORY,
    emptyWeeksAfter: 1,
    connections: [{ provider: 'strava', status: 'needs_reauth', reason: 'refresh token rejected' }],
  },
  // A strap left at home on alternate days: two of six runs without heart rate.
  lowConfidence: {
    patterns: [...HISTORY, 'balanced'],
    withoutHeartRate: (_session, index) => index % 2 === 0,
  },
  // Only the long run with heart rate: too little for a verdict.
  withheld: { patterns: [...HISTORY, 'balanced'], withoutHeartRate: (session) => session.kind !== 'long' },
} satisfies Record<string, SyntheticDigestOptions>;

export type FixtureName = keyof typeof FIXTURE_WEEKS;

const built = new Map<FixtureName, DigestWeek>();

export function fixtureWeek(name: FixtureName): DigestWeek {
  let week = built.get(name);
  if (!week) {
    week = syntheticDigestWeek(FIXTURE_WEEKS[name] as SyntheticDigestOptions);
    built.set(name, week);
  }
  // A copy: a test that changes its week must not change the next test's.
  return structuredClone(week);
}
