import type { PrismaClient } from '../db/database.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/**
 * Records that an athlete's data changed (an activity stored, thresholds set), in the caller's
 * transaction when it has one. Returns the new change count: the recompute that answers this change is
 * the one that reads at least this count.
 */
export async function markAthleteChanged(
  prisma: PrismaClient | Prisma.TransactionClient,
  athleteId: string,
): Promise<number> {
  const state = await prisma.athleteAnalysisState.upsert({
    where: { athleteId },
    create: { athleteId, changeCount: 1, changedAt: new Date() },
    update: { changeCount: { increment: 1 }, changedAt: new Date() },
  });
  return state.changeCount;
}
