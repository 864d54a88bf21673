import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GarminFaults } from './garmin-faults.ts';
import { TOKEN_PATH } from './garmin-oauth.routes.ts';
import type { GarminStats } from './garmin-stats.ts';
import { API_PREFIX } from './garmin-wellness-api.routes.ts';
import type { PendingTimers } from './pending-timers.ts';

/**
 * Counts every request by route and, on the calls weekwise's importer makes server to server (API, token,
 * file downloads), injects the configured faults before the route runs: a faulted call changes nothing.
 */
export function registerGarminRequestHooks(
  server: FastifyInstance,
  parts: { stats: GarminStats; faults: GarminFaults; timers: PendingTimers },
): void {
  server.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url ?? request.url.split('?')[0];
    parts.stats.countRequest(`${request.method} ${route}`);
    if (!(route?.startsWith(API_PREFIX) || route === TOKEN_PATH)) return;
    const fault = parts.faults.draw();
    if (fault === null) return;
    parts.stats.countFault(fault);
    if (fault === 'server_error') {
      return reply.code(500).send({ errorMessage: 'emulated Garmin server error' });
    }
    if (fault === 'rate_limited') {
      return reply.code(429).send({ errorMessage: 'emulated Garmin rate limit: too many requests' });
    }
    return hang(reply, parts);
  });
}

/** Stalls like an overloaded server: answers 504 only after `hangMs`, unless the caller gave up first. */
async function hang(reply: FastifyReply, parts: { faults: GarminFaults; timers: PendingTimers }) {
  const callerGone = new Promise<boolean>((resolve) => reply.raw.once('close', () => resolve(false)));
  const waited = await Promise.race([parts.timers.sleep(parts.faults.current().hangMs), callerGone]);
  if (!waited || reply.raw.destroyed) {
    // Nobody is listening any more (or the emulator stops): end the request without running the route.
    reply.hijack();
    reply.raw.destroy();
    return reply;
  }
  return reply.code(504).send({ errorMessage: 'emulated Garmin timeout' });
}
