import type { PrismaClient } from '../db/database.ts';
import type { Athlete } from '../generated/prisma/client.ts';

export type { Athlete } from '../generated/prisma/client.ts';

/** The CLI's athletes are addressed by e-mail; the local default one is created on first use. */
export async function findOrCreateAthlete(prisma: PrismaClient, email: string): Promise<Athlete> {
  return prisma.athlete.upsert({
    where: { email: email.toLowerCase() },
    create: { email: email.toLowerCase() },
    update: {},
  });
}

export async function findAthleteByEmail(prisma: PrismaClient, email: string): Promise<Athlete | null> {
  return prisma.athlete.findUnique({ where: { email: email.toLowerCase() } });
}
