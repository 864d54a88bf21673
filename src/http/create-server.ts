import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import { registerWebRoutes } from '../web/web.routes.ts';
import type { HttpContext } from './http-context.ts';
import { registerDigestUnsubscribeRoutes } from './routes/digest-unsubscribe.routes.ts';
import { registerGarminNotificationRoutes } from './routes/garmin-notification.routes.ts';
import { registerGarminOAuthRoutes } from './routes/garmin-oauth.routes.ts';
import { registerStravaOAuthRoutes } from './routes/strava-oauth.routes.ts';
import { registerStravaWebhookRoutes } from './routes/strava-webhook.routes.ts';

/**
 * weekwise's HTTP server: OAuth connect and callbacks, provider webhooks, and (later) the web pages and
 * API. Fastify logs through our pino logger, whose redaction keeps tokens and codes out of the logs.
 */
export async function createServer(context: HttpContext): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    // Fastify's own request log prints whole URLs, and OAuth codes, states and links travel in query
    // strings: we log each request ourselves, with its path only.
    logController: new LogController({ disableRequestLogging: true }),
    // Only the configured proxies: trusting any would let a client pick its own address with
    // X-Forwarded-For and step around the per-address limits on sign-in.
    trustProxy: context.config.http.trustedProxies?.length ? [...context.config.http.trustedProxies] : false,
    bodyLimit: 1024 * 1024,
  });
  server.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  // Fastify's own error log goes with the request log (and would print the whole URL): a failure is logged
  // here by name, message and stack only (an axios error's other fields hold request headers, tokens in them).
  server.setErrorHandler((error: FastifyError, request) => {
    if (!(error.statusCode && error.statusCode < 500)) {
      request.log.error(
        {
          path: request.url.split('?')[0],
          err: { name: error.name, message: error.message, stack: error.stack },
        },
        'request failed',
      );
    }
    throw error; // Fastify's default handler answers, as before.
  });
  await server.register(helmet, {
    contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } },
  });
  await server.register(formbody);
  server.get('/health', async () => ({ ok: true }));
  registerDigestUnsubscribeRoutes(server, context);
  await registerWebRoutes(server, context);
  if (context.providers.strava) {
    registerStravaOAuthRoutes(server, context);
    registerStravaWebhookRoutes(server, context);
  }
  // Garmin (issue 5): offered only when its app is configured, like Strava.
  if (context.providers.garmin) {
    registerGarminOAuthRoutes(server, context);
    registerGarminNotificationRoutes(server, context);
  }
  return server;
}
