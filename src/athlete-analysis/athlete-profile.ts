import type { AthleteProfile, IsoWeekday } from '../analysis/index.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Athlete, AthleteThreshold } from '../generated/prisma/client.ts';

export type AthleteWithThresholds = Athlete & { thresholds: AthleteThreshold[] };

/** The athlete as the pure analysis sees it: sex, zone, week start and every dated threshold. */
export function toAthleteProfile(athlete: AthleteWithThresholds): AthleteProfile {
  return {
    sex: athlete.sex,
    timeZone: athlete.timeZone,
    weekStartDay: athlete.weekStartDay as IsoWeekday,
    thresholds: athlete.thresholds.map((threshold) => ({
      kind: threshold.kind,
      value: threshold.value,
      validFrom: threshold.validFrom.toISOString().slice(0, 10),
      source: threshold.source,
    })),
  };
}

export function loadAthleteWithThresholds(
  prisma: PrismaClient,
  athleteId: string,
): Promise<AthleteWithThresholds | null> {
  return prisma.athlete.findUnique({
    where: { id: athleteId },
    include: { thresholds: { orderBy: { validFrom: 'asc' } } },
  });
}
