import type { PrismaClient } from '../../db/database.ts';
import type { User } from '../../generated/prisma/client.ts';

/**
 * The person behind a verified address: created at their first sign-in, and linked to the athlete with
 * the same address (then, or later once that athlete exists), so a runner sees their own training.
 */
export async function findOrCreateUser(prisma: PrismaClient, email: string): Promise<User> {
  const athlete = await prisma.athlete.findUnique({ where: { email }, select: { id: true, name: true } });
  const user = await prisma.user.upsert({
    where: { email },
    create: { email, name: athlete?.name ?? null, athleteId: athlete?.id ?? null },
    update: {},
  });
  if (athlete && !user.athleteId) {
    // Another user can only hold this athlete if it changed address; the unique key then leaves it there.
    const claimed = await prisma.user.findUnique({ where: { athleteId: athlete.id }, select: { id: true } });
    if (!claimed) return prisma.user.update({ where: { id: user.id }, data: { athleteId: athlete.id } });
  }
  return user;
}
