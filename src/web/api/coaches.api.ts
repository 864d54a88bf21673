import type { FastifyInstance } from 'fastify';
import { requireOwnAthlete, requireViewer } from '../access/require-access.ts';
import { deliverLinkMail } from '../accounts/deliver-link.ts';
import { normalizeEmail } from '../accounts/email-address.ts';
import { coachInvitationMail } from '../accounts/link-mail.ts';
import type { Viewer } from '../accounts/web-session.store.ts';
import {
  acceptInvitation,
  type CoachGrant,
  ConsentError,
  inviteCoach,
  listCoachGrants,
  revokeCoachGrant,
} from '../consent/coach-access.store.ts';
import { loadAthleteCard } from '../read-models/athlete-card.ts';
import type { WebContext } from '../web-context.ts';
import { coachGrantSchema, errorSchema, sessionAndCsrfSecurity, sessionSecurity } from './api-schemas.ts';

/**
 * Consent, shared by the API and the runner's page: invite a coach by email (the link goes out by mail),
 * the coach accepts while signed in with that address, the runner revokes at any time.
 */
export async function inviteCoachByEmail(
  context: WebContext,
  viewer: Viewer,
  email: unknown,
): Promise<{ grant: CoachGrant; emailed: boolean }> {
  const athleteId = requireOwnAthlete(viewer);
  const coachEmail = normalizeEmail(email);
  if (!coachEmail) throw new ConsentError(400, "Enter the coach's email address.");
  const { grant, token } = await inviteCoach(context.db.prisma, {
    athleteId,
    coachEmail,
    now: context.clock.now(),
  });
  const athlete = await loadAthleteCard(context.db.pool, athleteId);
  const link = `${context.publicUrl}/invitations?${new URLSearchParams({ token })}`;
  const outcome = await deliverLinkMail(
    context,
    coachInvitationMail(coachEmail, athlete?.name ?? viewer.email, link),
    link,
  );
  return { grant, emailed: outcome === 'sent' };
}

export async function acceptInvitationAs(
  context: WebContext,
  viewer: Viewer,
  token: unknown,
): Promise<string> {
  if (typeof token !== 'string' || !token) throw new ConsentError(404, 'This invitation does not exist.');
  const { athleteId } = await acceptInvitation(context.db.prisma, {
    token,
    userId: viewer.userId,
    userEmail: viewer.email,
    now: context.clock.now(),
  });
  return athleteId;
}

export function registerCoachesApi(app: FastifyInstance, context: WebContext): void {
  app.get(
    '/api/me/coaches',
    {
      schema: {
        tags: ['consent'],
        summary: "The runner's coaches: invited, active and revoked",
        security: sessionSecurity,
        response: {
          200: {
            type: 'object',
            properties: { coaches: { type: 'array', items: coachGrantSchema } },
            required: ['coaches'],
          },
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const athleteId = requireOwnAthlete(requireViewer(request));
      return { coaches: await listCoachGrants(context.db.prisma, athleteId) };
    },
  );

  app.post<{ Body: { email: string } }>(
    '/api/me/coaches',
    {
      schema: {
        tags: ['consent'],
        summary: 'Invite a coach by email',
        description:
          'Emails the coach an invitation link. Inviting an invited or revoked coach again sends a new one.',
        security: sessionAndCsrfSecurity,
        body: {
          type: 'object',
          properties: { email: { type: 'string', maxLength: 254 } },
          required: ['email'],
        },
        response: {
          201: {
            type: 'object',
            properties: { coach: coachGrantSchema, emailed: { type: 'boolean' } },
            required: ['coach', 'emailed'],
          },
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { grant, emailed } = await inviteCoachByEmail(
        context,
        requireViewer(request),
        request.body.email,
      );
      return reply.code(201).send({ coach: grant, emailed });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/me/coaches/:id',
    {
      schema: {
        tags: ['consent'],
        summary: "Revoke a coach's access (or withdraw an invitation): it ends at once",
        security: sessionAndCsrfSecurity,
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
        response: { 204: { type: 'null' }, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const athleteId = requireOwnAthlete(requireViewer(request));
      await revokeCoachGrant(context.db.prisma, {
        athleteId,
        grantId: request.params.id,
        now: context.clock.now(),
      });
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { token: string } }>(
    '/api/invitations/accept',
    {
      schema: {
        tags: ['consent'],
        summary: 'Accept an invitation as the coach it was sent to',
        security: sessionAndCsrfSecurity,
        body: {
          type: 'object',
          properties: { token: { type: 'string', maxLength: 200 } },
          required: ['token'],
        },
        response: {
          200: { type: 'object', properties: { athleteId: { type: 'string' } }, required: ['athleteId'] },
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          410: errorSchema,
        },
      },
    },
    async (request) => {
      const athleteId = await acceptInvitationAs(context, requireViewer(request), request.body.token);
      return { athleteId };
    },
  );
}
