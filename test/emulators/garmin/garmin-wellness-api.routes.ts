import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BackfillType } from './garmin-backfill-requests.ts';
import type { GarminRouteContext } from './garmin-route-context.ts';

export const API_PREFIX = '/wellness-api/rest';
export const ACTIVITY_FILE_PATH = `${API_PREFIX}/activityFile`;

/** The Bearer-authenticated part of Garmin's Activity and Health APIs that weekwise calls. */
export function registerGarminWellnessApiRoutes(server: FastifyInstance, context: GarminRouteContext): void {
  server.get(`${API_PREFIX}/user/id`, async (request, reply) => {
    const userId = authenticate(request, reply, context);
    return userId === null ? reply : { userId };
  });

  server.get(`${API_PREFIX}/user/permissions`, async (request, reply) => {
    const userId = authenticate(request, reply, context);
    return userId === null ? reply : context.users.require(userId).permissions;
  });

  server.delete(`${API_PREFIX}/user/registration`, async (request, reply) => {
    const userId = authenticate(request, reply, context);
    if (userId === null) return reply;
    context.users.require(userId).registered = false;
    context.tokens.revokeUser(userId);
    context.notifyDeregistered(userId);
    return reply.code(204).send();
  });

  for (const type of ['activities', 'dailies'] as const satisfies readonly BackfillType[]) {
    server.get(`${API_PREFIX}/backfill/${type}`, async (request, reply) => {
      const userId = authenticate(request, reply, context);
      if (userId === null) return reply;
      const query = request.query as Record<string, string | undefined>;
      const decision = context.backfills.decide({
        userId,
        type,
        permissions: context.users.require(userId).permissions,
        start: query.summaryStartTimeInSeconds,
        end: query.summaryEndTimeInSeconds,
      });
      if (!decision.accepted) return reply.code(decision.status).send({ errorMessage: decision.message });
      context.scheduleBackfill(userId, type, decision.startS, decision.endS);
      return reply.code(202).send();
    });
  }

  server.get(ACTIVITY_FILE_PATH, async (request, reply) => {
    const userId = authenticate(request, reply, context);
    if (userId === null) {
      context.stats.countFileRefused('invalid access token');
      return reply;
    }
    const query = request.query as Record<string, string | undefined>;
    const claim = context.fileLinks.claim(query.id, query.token, userId);
    if (!claim.ok) {
      context.stats.countFileRefused(claim.reason);
      return reply.code(claim.status).send({ errorMessage: claim.reason });
    }
    const bytes = await readFile(claim.fitFile).catch((error: unknown) => {
      context.fileLinks.release(query.id!);
      throw error;
    });
    context.stats.countFileServed();
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${claim.summaryId}.fit"`)
      .send(bytes);
  });
}

/** The user of the request's Bearer token; otherwise answers 401 and returns null. */
function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  context: GarminRouteContext,
): string | null {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const userId = match ? context.tokens.authenticate(match[1]!) : null;
  if (userId === null) {
    reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({
      errorMessage: 'invalid or expired access token',
    });
  }
  return userId;
}
