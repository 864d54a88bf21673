import { isDeepStrictEqual } from 'node:util';
import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import type { Database } from '../../src/db/database.ts';

export interface WeeksComparison {
  weeks: number;
  /** Week starts whose stored content differs from the rebuilt one (or exists on one side only). */
  differing: string[];
  /** Week starts with equal content but another content_hash. */
  hashOnly: string[];
  /** Activities whose stored analysis differs from the one made again from scratch, with what differs. */
  differingRuns: Array<{ activityId: string; fields: string[] }>;
}

async function storedAnalyses(
  db: Database,
  athleteId: string,
): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = await db.pool.query<{ activityId: string; facts: Record<string, unknown> }>(
    'SELECT activity_id AS "activityId", facts FROM activity_analysis WHERE athlete_id = $1',
    [athleteId],
  );
  return new Map(rows.map((row) => [row.activityId, row.facts]));
}

function differingFields(left: Record<string, unknown>, right: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => !isDeepStrictEqual(left[key], right[key])).sort();
}

interface StoredWeekRow {
  weekStart: string;
  hash: string;
  verdict: string;
  flags: string[];
  facts: unknown;
}

async function storedWeeks(db: Database, athleteId: string): Promise<Map<string, StoredWeekRow>> {
  const { rows } = await db.pool.query<StoredWeekRow>(
    `SELECT week_start::text AS "weekStart", content_hash AS hash, verdict, flags, facts
     FROM athlete_week WHERE athlete_id = $1`,
    [athleteId],
  );
  return new Map(rows.map((row) => [row.weekStart, row]));
}

/**
 * The weeks the workers left, against the weeks of an analysis made from nothing: every stored analysis
 * of the athlete is deleted, then one recompute analyses each run again from its samples. Weeks built
 * step by step through the faults (retries, re-runs of a killed worker's job) must be the same rows.
 */
export async function recomputeFromScratch(db: Database, athleteId: string): Promise<WeeksComparison> {
  const before = await storedWeeks(db, athleteId);
  const analysesBefore = await storedAnalyses(db, athleteId);
  for (const table of ['activity_analysis', 'athlete_week', 'athlete_day'])
    await db.pool.query(`DELETE FROM ${table} WHERE athlete_id = $1`, [athleteId]);
  await recomputeAthleteAnalysis(db, athleteId, RULE_SET_V1, new Date());
  const after = await storedWeeks(db, athleteId);
  const analysesAfter = await storedAnalyses(db, athleteId);
  const differingRuns = [...analysesAfter].flatMap(([activityId, facts]) => {
    const fields = differingFields(analysesBefore.get(activityId) ?? {}, facts);
    return fields.length ? [{ activityId, fields }] : [];
  });
  const starts = [...new Set([...before.keys(), ...after.keys()])].sort();
  const sameContent = (start: string) => {
    const [left, right] = [before.get(start), after.get(start)];
    if (!left || !right) return false;
    const { hash: _left, ...leftContent } = left;
    const { hash: _right, ...rightContent } = right;
    return isDeepStrictEqual(leftContent, rightContent); // key order aside: facts come back from jsonb
  };
  return {
    weeks: after.size,
    differing: starts.filter((start) => !sameContent(start)),
    hashOnly: starts.filter(
      (start) => sameContent(start) && before.get(start)!.hash !== after.get(start)!.hash,
    ),
    differingRuns,
  };
}
