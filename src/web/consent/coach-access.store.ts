import type { PrismaClient } from '../../db/database.ts';
import type { CoachAccessStatus } from '../../generated/prisma/client.ts';
import { hashSecretToken, newSecretToken } from '../security/secret-token.ts';
import { WebError } from '../session/web-errors.ts';

export const INVITATION_LIFETIME_MS = 14 * 24 * 3_600_000;

/** A consent step that cannot happen, with the HTTP status and the sentence the person reads. */
export class ConsentError extends WebError {
  override name = 'ConsentError';
  constructor(statusCode: 400 | 403 | 404 | 409 | 410, message: string) {
    super(statusCode, message);
  }
}

export interface CoachGrant {
  id: string;
  coachEmail: string;
  coachName: string | null;
  status: CoachAccessStatus;
  invitedAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * A runner invites a coach by address. Inviting again (a lost email, a coach revoked earlier) starts a new
 * invitation with a new token; an active coach stays as they are. Returns the token for the emailed link.
 */
export async function inviteCoach(
  prisma: PrismaClient,
  input: { athleteId: string; coachEmail: string; now: Date },
): Promise<{ grant: CoachGrant; token: string }> {
  const athlete = await prisma.athlete.findUniqueOrThrow({
    where: { id: input.athleteId },
    select: { email: true, user: { select: { email: true } } },
  });
  if (input.coachEmail === athlete.email || input.coachEmail === athlete.user?.email) {
    throw new ConsentError(400, 'You cannot invite yourself: you already see your own training.');
  }
  const existing = await prisma.coachAccess.findUnique({
    where: { athleteId_coachEmail: { athleteId: input.athleteId, coachEmail: input.coachEmail } },
  });
  if (existing?.status === 'active') {
    throw new ConsentError(409, `${input.coachEmail} already follows your training.`);
  }
  const token = newSecretToken();
  const invitation = {
    status: 'invited' as const,
    inviteTokenHash: hashSecretToken(token),
    invitedAt: input.now,
    acceptedAt: null,
    revokedAt: null,
    coachUserId: null,
  };
  const row = await prisma.coachAccess.upsert({
    where: { athleteId_coachEmail: { athleteId: input.athleteId, coachEmail: input.coachEmail } },
    create: { athleteId: input.athleteId, coachEmail: input.coachEmail, ...invitation },
    update: invitation,
  });
  return { grant: { ...toGrant(row), coachName: null }, token };
}

/** What an invitation link shows before it is accepted (and whether it still can be). */
export async function findInvitation(
  prisma: PrismaClient,
  token: string,
  now: Date,
): Promise<{ athleteId: string; runnerName: string; coachEmail: string; usable: boolean } | null> {
  const row = await prisma.coachAccess.findUnique({
    where: { inviteTokenHash: hashSecretToken(token) },
    include: { athlete: { select: { name: true, email: true } } },
  });
  if (!row) return null;
  return {
    athleteId: row.athleteId,
    runnerName: row.athlete.name ?? row.athlete.email,
    coachEmail: row.coachEmail,
    usable: row.status === 'invited' && !invitationExpired(row.invitedAt, now),
  };
}

/**
 * The coach accepts. Only the person signed in with the invited address can, and only once (the token
 * is cleared); a conditional update makes two simultaneous accepts one.
 */
export async function acceptInvitation(
  prisma: PrismaClient,
  input: { token: string; userId: string; userEmail: string; now: Date },
): Promise<{ athleteId: string }> {
  const tokenHash = hashSecretToken(input.token);
  const row = await prisma.coachAccess.findUnique({ where: { inviteTokenHash: tokenHash } });
  if (row?.status !== 'invited') {
    throw new ConsentError(404, 'This invitation does not exist, was already accepted, or was withdrawn.');
  }
  if (invitationExpired(row.invitedAt, input.now)) {
    throw new ConsentError(
      410,
      'This invitation has expired (after 14 days). Ask the runner to invite you again.',
    );
  }
  if (row.coachEmail !== input.userEmail) {
    throw new ConsentError(
      403,
      `This invitation was sent to another address. Sign out, then sign in with the address it was sent to.`,
    );
  }
  const { count } = await prisma.coachAccess.updateMany({
    where: { id: row.id, inviteTokenHash: tokenHash, status: 'invited' },
    data: { status: 'active', coachUserId: input.userId, acceptedAt: input.now, inviteTokenHash: null },
  });
  if (!count) throw new ConsentError(404, 'This invitation was already accepted or withdrawn.');
  return { athleteId: row.athleteId };
}

/** Everyone the runner has invited, newest first, with where each stands. */
export async function listCoachGrants(prisma: PrismaClient, athleteId: string): Promise<CoachGrant[]> {
  const rows = await prisma.coachAccess.findMany({
    where: { athleteId },
    include: { coach: { select: { name: true } } },
    orderBy: { invitedAt: 'desc' },
  });
  return rows.map((row) => ({ ...toGrant(row), coachName: row.coach?.name ?? null }));
}

/**
 * The runner ends a coach's access (or withdraws an invitation). It takes effect at once: every request
 * of the coach reads coach_access again. Revoking twice is fine; another athlete's grant is "not found".
 */
export async function revokeCoachGrant(
  prisma: PrismaClient,
  input: { athleteId: string; grantId: string; now: Date },
): Promise<void> {
  const { count } = await prisma.coachAccess.updateMany({
    where: { id: input.grantId, athleteId: input.athleteId, status: { not: 'revoked' } },
    data: { status: 'revoked', revokedAt: input.now, inviteTokenHash: null },
  });
  if (count) return;
  const exists = await prisma.coachAccess.count({ where: { id: input.grantId, athleteId: input.athleteId } });
  if (!exists) throw new ConsentError(404, 'No such coach.');
}

function invitationExpired(invitedAt: Date, now: Date): boolean {
  return now.getTime() - invitedAt.getTime() > INVITATION_LIFETIME_MS;
}

function toGrant(row: {
  id: string;
  coachEmail: string;
  status: CoachAccessStatus;
  invitedAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}): CoachGrant {
  return {
    id: row.id,
    coachEmail: row.coachEmail,
    coachName: null,
    status: row.status,
    invitedAt: row.invitedAt,
    acceptedAt: row.acceptedAt,
    revokedAt: row.revokedAt,
  };
}
