import type { Database } from '../db/database.ts';
import type { User } from '../generated/prisma/client.ts';
import { normalizeEmail } from './accounts/email-address.ts';
import { findOrCreateUser } from './accounts/user.store.ts';

/**
 * For `weekwise demo`: a coach who already follows the given athletes, as if each runner had invited
 * them and they had accepted. Idempotent (a second run keeps one grant per athlete, active). The coach
 * signs in like anybody else, by emailed link.
 */
export async function createDemoCoach(
  db: Database,
  options: { coachEmail: string; athleteIds: readonly string[]; now?: Date },
): Promise<{ coach: User; grantIds: string[] }> {
  const coachEmail = normalizeEmail(options.coachEmail);
  if (!coachEmail) throw new Error(`not an email address: ${options.coachEmail}`);
  const now = options.now ?? new Date();
  const coach = await findOrCreateUser(db.prisma, coachEmail);
  const grantIds: string[] = [];
  for (const athleteId of options.athleteIds) {
    const active = {
      status: 'active' as const,
      coachUserId: coach.id,
      acceptedAt: now,
      revokedAt: null,
      inviteTokenHash: null,
    };
    const grant = await db.prisma.coachAccess.upsert({
      where: { athleteId_coachEmail: { athleteId, coachEmail } },
      create: { athleteId, coachEmail, invitedAt: now, ...active },
      update: active,
    });
    grantIds.push(grant.id);
  }
  return { coach, grantIds };
}
