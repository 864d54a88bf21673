import type { PrismaClient } from '../db/database.ts';

export interface AthleteBehind {
  athleteId: string;
  changeCount: number;
}

/**
 * Athletes whose analysis is behind their data (changes counted since the last recompute) or was made
 * with another rule set; athletes with no analysis state yet but with activities count too.
 */
export async function findAthletesBehind(
  prisma: PrismaClient,
  ruleSetVersion: string,
): Promise<AthleteBehind[]> {
  const rows = await prisma.$queryRaw<Array<{ athlete_id: string; change_count: number }>>`
    SELECT a.id AS athlete_id, coalesce(s.change_count, 0) AS change_count
    FROM athlete a
    LEFT JOIN athlete_analysis_state s ON s.athlete_id = a.id
    WHERE CASE WHEN s.athlete_id IS NULL THEN EXISTS (SELECT 1 FROM activity WHERE athlete_id = a.id)
               ELSE s.analysed_count < s.change_count OR s.rule_set_version IS DISTINCT FROM ${ruleSetVersion} END`;
  return rows.map((row) => ({ athleteId: row.athlete_id, changeCount: Number(row.change_count) }));
}
