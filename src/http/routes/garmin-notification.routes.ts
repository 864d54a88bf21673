import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GarminPayloadError } from '../../providers/garmin/garmin.schemas.ts';
import {
  GARMIN_NOTIFICATIONS,
  type GarminNotification,
  receiveGarminNotification,
} from '../../providers/garmin/garmin-notifications.ts';
import { sameSecret } from '../../security/same-secret.ts';
import type { HttpContext } from '../http-context.ts';

/** Activity details hold a sample a second: a long activity, or a backfill of a month, is megabytes. */
const DETAILS_BODY_LIMIT = 20 * 1024 * 1024;
const BODY_LIMIT = 5 * 1024 * 1024;

/**
 * Garmin's notifications, one address per kind (set in Garmin's developer portal to
 * <WEEKWISE_PUBLIC_URL>/webhooks/garmin/<kind>, plus `?token=<GARMIN_WEBHOOK_TOKEN>` when one is set).
 * Each is stored, queued and answered 200 at once: Garmin waits 30 s at most and retries for days. A body
 * that is not Garmin's gets a 400 saying what is wrong.
 */
export function registerGarminNotificationRoutes(server: FastifyInstance, context: HttpContext): void {
  const token = context.config.garmin?.webhookToken;
  // Garmin signs nothing, so our token in the address is what tells its notifications from anyone's.
  // Checked before the body is read: a stranger's megabytes are not parsed.
  const onRequest = token
    ? async (request: FastifyRequest, reply: FastifyReply) => {
        const given = (request.query as Record<string, unknown>).token;
        if (typeof given === 'string' && sameSecret(given, token)) return;
        request.log.warn(
          { path: request.url.split('?')[0] },
          'Garmin notification without our token: refused',
        );
        return reply.code(401).send({ error: 'this address needs the token set in Garmin’s portal' });
      }
    : undefined;
  for (const notification of Object.keys(GARMIN_NOTIFICATIONS) as GarminNotification[]) {
    server.post(
      `/webhooks/garmin/${notification}`,
      { bodyLimit: notification === 'activity-details' ? DETAILS_BODY_LIMIT : BODY_LIMIT, onRequest },
      async (request, reply) => {
        try {
          const received = await receiveGarminNotification(
            context.db,
            context.queue,
            notification,
            request.body,
          );
          request.log.info({ notification, ...received }, 'Garmin notification received');
          return { ok: true };
        } catch (error) {
          if (error instanceof GarminPayloadError) return reply.code(400).send({ error: error.message });
          throw error;
        }
      },
    );
  }
}
