import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerActivityRoutes } from './activity.routes.ts';
import { registerControlRoutes } from './control.routes.ts';
import type { EmulatorContext } from './emulator-context.ts';
import { hostilePayloadHook } from './hostile-payloads.ts';
import { registerOAuthRoutes } from './oauth.routes.ts';
import { registerPushSubscriptionRoutes } from './push-subscription.routes.ts';
import { endpointOf, faultGuard, rateLimitGuard } from './request-guards.ts';
import type { StravaEmulator } from './strava-emulator.ts';

export const API_PREFIX = '/api/v3';
export const CONTROL_PREFIX = '/_emulator';

/**
 * The HTTP face of the emulator: strava.com's /oauth routes, the /api/v3 routes (rate-limited, faulty on
 * demand) and a /_emulator control surface for driving it by hand or from another process.
 */
export async function buildStravaServer(
  context: EmulatorContext,
  emulator: StravaEmulator,
): Promise<FastifyInstance> {
  // Held (timed-out) requests must not keep close() waiting.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(formBody);
  // Clients POST with a JSON content type and no body (e.g. deauthorize with the token in the query).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error);
    }
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(CONTROL_PREFIX)) context.counters.count(endpointOf(request));
  });

  registerOAuthRoutes(app, context);
  await app.register(
    async (api) => {
      api.addHook('onRequest', rateLimitGuard(context));
      api.addHook('onRequest', faultGuard(context));
      api.addHook('onSend', hostilePayloadHook(context.hostile));
      registerActivityRoutes(api, context);
      registerPushSubscriptionRoutes(api, context);
      api.setNotFoundHandler((_request, reply) =>
        reply.code(404).send(context.faultBodies.notFound('resource', 'path')),
      );
    },
    { prefix: API_PREFIX },
  );
  await app.register(async (control) => registerControlRoutes(control, emulator), { prefix: CONTROL_PREFIX });
  return app;
}
