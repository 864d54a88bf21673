import type { FastifyInstance } from 'fastify';
import { StravaPayloadError } from '../../providers/strava/strava.schemas.ts';
import { receiveStravaEvent } from '../../providers/strava/strava-events.ts';
import { sameSecret } from '../../security/same-secret.ts';
import type { HttpContext } from '../http-context.ts';

export function registerStravaWebhookRoutes(server: FastifyInstance, context: HttpContext): void {
  const verifyToken = context.config.strava!.webhookVerifyToken;

  // Strava's subscription check: echo the challenge, but only to a request that knows our verify token.
  server.get('/webhooks/strava', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const given = query['hub.verify_token'] ?? '';
    if (query['hub.mode'] !== 'subscribe' || !sameSecret(given, verifyToken) || !query['hub.challenge']) {
      return reply.code(403).send({ error: 'verification failed' });
    }
    return { 'hub.challenge': query['hub.challenge'] };
  });

  // Stored, queued, answered: Strava wants a 200 within two seconds and retries otherwise.
  server.post('/webhooks/strava', async (request, reply) => {
    try {
      const { stored, event, foreign } = await receiveStravaEvent(context.db, context.queue, request.body, {
        subscriptionId: context.config.strava?.webhookSubscriptionId,
      });
      if (foreign) {
        // Answered like any event: a forger learns nothing; the operator sees the warning.
        request.log.warn({ reason: foreign }, 'Strava event dropped: not from our subscription');
        return { ok: true };
      }
      request.log.info(
        { object: event.object_type, aspect: event.aspect_type, duplicate: !stored },
        'Strava event received',
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof StravaPayloadError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });
}
