import type { FastifyInstance } from 'fastify';
import { GarminPayloadError } from '../../providers/garmin/garmin.schemas.ts';
import {
  GARMIN_NOTIFICATIONS,
  type GarminNotification,
  receiveGarminNotification,
} from '../../providers/garmin/garmin-notifications.ts';
import type { HttpContext } from '../http-context.ts';

/** Activity details hold a sample a second: a long activity, or a backfill of a month, is megabytes. */
const DETAILS_BODY_LIMIT = 20 * 1024 * 1024;
const BODY_LIMIT = 5 * 1024 * 1024;

/**
 * Garmin's notifications, one address per kind (set in Garmin's developer portal to
 * <WEEKWISE_PUBLIC_URL>/webhooks/garmin/<kind>). Each is stored, queued and answered 200 at once: Garmin
 * waits 30 s at most and retries for days. A body that is not Garmin's gets a 400 saying what is wrong.
 */
export function registerGarminNotificationRoutes(server: FastifyInstance, context: HttpContext): void {
  for (const notification of Object.keys(GARMIN_NOTIFICATIONS) as GarminNotification[]) {
    server.post(
      `/webhooks/garmin/${notification}`,
      { bodyLimit: notification === 'activity-details' ? DETAILS_BODY_LIMIT : BODY_LIMIT },
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
