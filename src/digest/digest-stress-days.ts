import type { LocalDate } from '../analysis/index.ts';
import { daysBetween } from '../analysis/local-week.ts';
import { capitalise, formatShortDay, joinWords } from './digest-format.ts';
import type { DigestSession, DigestWeek } from './digest-week.ts';

export interface StressDay {
  date: LocalDate;
  session: DigestSession | null;
  /** Days since the stress day before (last week's counts too); null for the first one ever. */
  gapDays: number | null;
}

/**
 * The week's stress sessions (hard runs and the long run) in order, each with the gap since the one
 * before, as the analysis's spacing rule sees them: the last one of the week before counts too.
 */
export function stressDays(week: DigestWeek): StressDay[] {
  const byId = new Map(week.sessions.map((session) => [session.activityId, session]));
  let previous = week.facts.previousStressDay;
  return week.facts.stressSessions.map((stress) => {
    const day: StressDay = {
      date: stress.localDate,
      session: byId.get(stress.activityId) ?? null,
      gapDays: previous === null ? null : daysBetween(previous, stress.localDate),
    };
    previous = stress.localDate;
    return day;
  });
}

/**
 * Stress days closer together than the rule allows, as chains: Tue, Wed and Thu in a row is one chain of
 * three dates, not two pairs. A date appears once per chain, so two stress sessions on one day make a
 * chain of one date. The last stress day of the week before starts a chain when it is too close.
 */
export function packedStressChains(week: DigestWeek): LocalDate[][] {
  const chains: LocalDate[][] = [];
  let current: LocalDate[] = [];
  let previous = week.facts.previousStressDay;
  for (const stress of week.facts.stressSessions) {
    const date = stress.localDate;
    if (previous !== null && daysBetween(previous, date) < week.targets.minDaysBetweenStressDays) {
      if (current.length === 0) current.push(previous);
      if (current.at(-1) !== date) current.push(date);
    } else if (current.length > 0) {
      chains.push(current);
      current = [];
    }
    previous = date;
  }
  if (current.length > 0) chains.push(current);
  return chains;
}

/** "Tue 29, Wed 30 and Thu 1 back to back; two on Sat 3". */
export function describeStressChains(chains: readonly LocalDate[][]): string {
  return capitalise(
    chains
      .map((chain) =>
        chain.length === 1
          ? `two on ${formatShortDay(chain[0]!)}`
          : `${joinWords(chain.map(formatShortDay))} back to back`,
      )
      .join('; '),
  );
}
