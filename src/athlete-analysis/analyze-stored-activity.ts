import {
  type ActivityAnalysis,
  addDays,
  analyzeActivity,
  localDateAt,
  localOffsetSeconds,
  type RuleSet,
  summarizeHistory,
} from '../analysis/index.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { loadActivityStreams, toActivityInput } from './activity-input.ts';
import { analysisInputsKey } from './analysis-inputs-key.ts';
import {
  loadAnalysesBetween,
  lockAthleteAnalysis,
  upsertActivityAnalyses,
} from './athlete-analysis.store.ts';
import { loadAthleteWithThresholds, toAthleteProfile } from './athlete-profile.ts';

export type AnalyzeActivityResult =
  | { status: 'analysed'; athleteId: string; analysis: ActivityAnalysis }
  | { status: 'current'; athleteId: string }
  | { status: 'missing' };

/** The history an analysis needs reaches back a year (the max-HR estimate's window). */
const HISTORY_DAYS = 366;

/**
 * Analyses one stored activity from its samples, with the athlete's thresholds in force on its date and
 * what the analyses stored before it say about their history. Skips the work when the stored analysis
 * was made from the same inputs.
 */
export async function analyzeStoredActivity(
  db: Database,
  activityId: string,
  ruleSet: RuleSet,
): Promise<AnalyzeActivityResult> {
  const activity = await db.prisma.activity.findUnique({
    where: { id: activityId },
    include: { analysis: { select: { inputsKey: true } } },
  });
  if (!activity) return { status: 'missing' };
  const athlete = await loadAthleteWithThresholds(db.prisma, activity.athleteId);
  if (!athlete) return { status: 'missing' };
  const profile = toAthleteProfile(athlete);
  const localDate = localDateAt(
    activity.startTime,
    localOffsetSeconds(activity.startTime, activity.utcOffsetS, profile.timeZone, activity.timeZone),
  );
  const earlier = await loadAnalysesBetween(
    db.pool,
    athlete.id,
    addDays(localDate, -HISTORY_DAYS),
    localDate,
  );
  const history = summarizeHistory(earlier, localDate, ruleSet);
  const key = analysisInputsKey(ruleSet, profile, localDate, history, activity);
  if (activity.analysis?.inputsKey === key) return { status: 'current', athleteId: athlete.id };
  const streams = await loadActivityStreams(db.prisma, activity.id);
  const analysis = analyzeActivity(
    toActivityInput(activity, streams),
    { athlete: profile, history },
    ruleSet,
  );
  // Under the athlete's lock, so that a recompute's analysis stored meanwhile is seen and kept.
  await inTransaction(db.pool, async (client) => {
    await lockAthleteAnalysis(client, athlete.id);
    await upsertActivityAnalyses(
      client,
      athlete.id,
      [
        {
          analysis,
          inputsKey: key,
          dataVersion: activity.updatedAt,
          replaces: activity.analysis?.inputsKey ?? null,
        },
      ],
      new Date(),
    );
  });
  return { status: 'analysed', athleteId: athlete.id, analysis };
}
