import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './emulator-context.ts';
import { accessTokenOf } from './request-parameters.ts';
import type { TokenOwner } from './token-store.ts';

/** The route pattern a request matched, e.g. "GET /api/v3/activities/:id" (for per-endpoint stats). */
export function endpointOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
}

/**
 * onRequest for /api/v3: counts the call against the app's limits and puts the limit headers on whatever
 * the answer turns out to be (a 401, 404, 429 or 5xx included, as Strava does); a full window → 429.
 */
export function rateLimitGuard(context: EmulatorContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const admission = context.rateLimiter.admit(request.method === 'GET' ? 'read' : 'write');
    reply.headers(admission.headers);
    if (admission.allowed) return;
    context.counters.rateLimited += 1;
    return reply.code(429).send(context.faultBodies.rateLimitExceeded());
  };
}

/**
 * onRequest for API and token calls: the configured faults. A faulty call is answered here, before its
 * handler runs, so it changes nothing (a refresh that fails does not rotate the refresh token).
 */
export function faultGuard(context: EmulatorContext) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    if (reply.sent) return; // already refused by the rate limit
    const fault = context.faults.draw();
    if (fault.kind === 'server-error') {
      context.counters.serverErrors += 1;
      return reply.code(fault.status).send(context.faultBodies.serverError(fault.status));
    }
    if (fault.kind === 'timeout') {
      context.counters.timeouts += 1;
      await holdResponse(reply, fault.holdMs, context.stopping);
      if (reply.raw.destroyed || reply.raw.writableEnded) {
        reply.hijack(); // the client gave up: nobody to answer
        return reply;
      }
      return reply.code(504).send(context.faultBodies.timedOut());
    }
  };
}

/** Waits until `holdMs` passed (null: forever), the client hung up, or the emulator stops. */
function holdResponse(reply: FastifyReply, holdMs: number | null, stopping: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      if (timer) clearTimeout(timer);
      reply.raw.off('close', done);
      stopping.removeEventListener('abort', done);
      resolve();
    };
    const timer = holdMs === null ? undefined : setTimeout(done, holdMs);
    reply.raw.once('close', done);
    stopping.addEventListener('abort', done, { once: true });
    if (stopping.aborted) done();
  });
}

/** The token's owner, or null after answering 401 (unknown, expired or revoked token). */
export function authenticate(
  context: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): TokenOwner | null {
  const token = accessTokenOf(request);
  const check = token ? context.tokens.check(token) : ({ ok: false, reason: 'unknown' } as const);
  if (check.ok) return check.owner;
  context.counters.unauthorized += 1;
  reply.code(401).send(context.faultBodies.invalidAccessToken());
  return null;
}

/**
 * The app's own credentials (token exchange, webhook subscriptions): an unknown client_id is a 400
 * (as recorded), a wrong secret a 401 Authorization Error (as Strava answers it). True when they match.
 */
export function checkClient(
  context: EmulatorContext,
  parameters: Record<string, string>,
  reply: FastifyReply,
): boolean {
  if (parameters.client_id !== context.clientId) {
    reply.code(400).send(context.faultBodies.invalidClient());
    return false;
  }
  if (parameters.client_secret !== context.clientSecret) {
    reply.code(401).send(context.faultBodies.wrongClientSecret());
    return false;
  }
  return true;
}
