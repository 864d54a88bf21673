import type { ActivityAnalysis } from '../analysis/index.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Prisma } from '../generated/prisma/client.ts';

type Client = PrismaClient | Prisma.TransactionClient;

/** A stored analysis: the figures lists and charts need as columns, the whole as JSON. */
function toRow(athleteId: string, analysis: ActivityAnalysis, inputsKey: string, computedAt: Date) {
  return {
    activityId: analysis.activityId,
    athleteId,
    ruleSetVersion: analysis.ruleSetVersion,
    inputsKey,
    localDate: new Date(`${analysis.localDate}T00:00:00Z`),
    intensityClass: analysis.class,
    long: analysis.long,
    purpose: analysis.purpose,
    zone1S: analysis.timeInZonesS.z1,
    zone2S: analysis.timeInZonesS.z2,
    zone3S: analysis.timeInZonesS.z3,
    trimp: analysis.trimp,
    confidence: analysis.confidence,
    facts: analysis as unknown as Prisma.InputJsonValue,
    computedAt,
  };
}

export async function saveActivityAnalysis(
  prisma: Client,
  athleteId: string,
  analysis: ActivityAnalysis,
  inputsKey: string,
): Promise<void> {
  const { activityId, ...row } = toRow(athleteId, analysis, inputsKey, new Date());
  await prisma.activityAnalysis.upsert({
    where: { activityId },
    create: { activityId, ...row },
    update: row,
  });
}
