import { basename, isAbsolute, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FIT_FIXTURES_DIR } from '../../support/shared-fixtures.ts';
import type { GarminEmulator } from './garmin-emulator.ts';
import { GARMIN_PERMISSIONS, NOTIFICATION_KINDS } from './garmin-emulator.types.ts';

const CONTROL = '/_emulator';

const permissions = z.array(z.enum(GARMIN_PERMISSIONS));
const userBody = z.object({ userId: z.string().min(1).optional(), permissions: permissions.optional() });
const signInBody = z.object({
  userId: z.string(),
  decline: z.boolean().optional(),
  grant: permissions.optional(),
});
const activityBody = z.object({
  /** A file name in ../shared/fixtures/fit, or an absolute path. */
  fitFile: z.string().optional(),
  activityName: z.string().optional(),
  activityType: z.string().optional(),
  startTime: z.coerce.date().optional(),
  startTimeOffsetInSeconds: z.number().int().optional(),
  durationInSeconds: z.number().int().positive().optional(),
  distanceInMeters: z.number().nonnegative().optional(),
  averageHeartRateInBeatsPerMinute: z.number().positive().optional(),
  maxHeartRateInBeatsPerMinute: z.number().positive().optional(),
  deviceName: z.string().optional(),
  manual: z.boolean().optional(),
  isParent: z.boolean().optional(),
  parentSummaryId: z.string().optional(),
  deliver: z.object({ details: z.boolean().optional(), file: z.boolean().optional() }).optional(),
});
const summaryIdsBody = z.object({ summaryIds: z.array(z.string()).optional() });
const dailiesBody = z.object({
  days: z.array(
    z.object({
      calendarDate: z.string(),
      startTimeOffsetInSeconds: z.number().int().optional(),
      restingHeartRateInBeatsPerMinute: z.number().positive().optional(),
      steps: z.number().int().nonnegative().optional(),
    }),
  ),
});
const notificationUrlsBody = z.partialRecord(z.enum(NOTIFICATION_KINDS), z.url());
const faultsBody = z.object({
  serverErrorRate: z.number().min(0).max(1).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  hangMs: z.number().int().nonnegative().optional(),
});

/**
 * A small control surface for driving the emulator by hand (with curl, while weekwise runs against it):
 * every route calls the same method a test would. `GET /_emulator` lists them.
 */
export function registerGarminControlRoutes(server: FastifyInstance, emulator: GarminEmulator): void {
  const routes: string[] = [];
  const route = (method: 'GET' | 'POST' | 'PUT', path: string, handler: (input: RouteInput) => unknown) => {
    routes.push(`${method} ${CONTROL}${path}`);
    server.route({
      method,
      url: `${CONTROL}${path}`,
      handler: async (request, reply) => {
        try {
          const result = await handler({
            body: request.body ?? {},
            userId: (request.params as { userId?: string }).userId ?? '',
          });
          return result ?? { ok: true };
        } catch (error) {
          const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
          return reply.code(400).send({ error: message });
        }
      },
    });
  };

  route('GET', '', () => ({ routes }));
  route('GET', '/stats', () => emulator.stats());
  route('GET', '/users', () => ({ users: emulator.listUsers() }));
  route('POST', '/users', ({ body }) => emulator.addUser(userBody.parse(body)));
  route('POST', '/sign-in', ({ body }) => {
    const { userId, ...options } = signInBody.parse(body);
    emulator.signIn(userId, options);
  });
  route('POST', '/sign-out', () => emulator.signOut());
  route('GET', '/users/:userId/activities', ({ userId }) => ({
    activities: emulator.activitiesOf(userId).map((activity) => activity.summary),
  }));
  route('POST', '/users/:userId/activities', async ({ userId, body }) => {
    const spec = activityBody.parse(body);
    const fitFile =
      spec.fitFile &&
      (isAbsolute(spec.fitFile) ? spec.fitFile : join(FIT_FIXTURES_DIR, basename(spec.fitFile)));
    const activity = await emulator.addActivity(userId, { ...spec, fitFile });
    return { summary: activity.summary, children: activity.children.map((child) => child.summary) };
  });
  route('POST', '/users/:userId/push-activities', ({ userId, body }) =>
    emulator.pushActivities(userId, pickActivities(emulator, userId, summaryIdsBody.parse(body).summaryIds)),
  );
  route('POST', '/users/:userId/push-activity-details', ({ userId, body }) =>
    emulator.pushActivityDetails(
      userId,
      pickActivities(emulator, userId, summaryIdsBody.parse(body).summaryIds),
    ),
  );
  route('POST', '/users/:userId/ping-activity-files', ({ userId, body }) => {
    const chosen = pickActivities(emulator, userId, summaryIdsBody.parse(body).summaryIds);
    const withFiles = chosen.filter((activity) => activity.fitFile);
    if (withFiles.length === 0) throw new Error('none of these activities has a FIT file');
    return emulator.pingActivityFile(userId, withFiles);
  });
  route('POST', '/users/:userId/push-dailies', ({ userId, body }) =>
    emulator.pushDailies(userId, dailiesBody.parse(body).days),
  );
  route('POST', '/users/:userId/deregister', ({ userId }) => emulator.pingDeregistration(userId));
  route('POST', '/users/:userId/permissions', ({ userId, body }) =>
    emulator.pingPermissionsChange(userId, z.object({ permissions }).parse(body).permissions),
  );
  route('POST', '/tokens/expire', ({ body }) => {
    emulator.expireAccessTokens(z.object({ userId: z.string().optional() }).parse(body).userId);
  });
  route('POST', '/clock/advance', ({ body }) => {
    emulator.clock.advance(z.object({ milliseconds: z.number() }).parse(body).milliseconds);
    return { now: emulator.clock.now() };
  });
  route('PUT', '/notification-urls', ({ body }) => {
    emulator.setNotificationUrls(notificationUrlsBody.parse(body));
  });
  route('PUT', '/faults', ({ body }) => {
    emulator.faults.set(faultsBody.parse(body));
    return emulator.faults.current();
  });
  route('GET', '/deliveries', () => ({ deliveries: emulator.deliveries() }));
  route('POST', '/deliveries/redeliver-last', () => {
    const last = emulator.lastDelivery();
    if (!last) throw new Error('nothing has been delivered yet');
    return emulator.redeliver(last);
  });
}

interface RouteInput {
  body: unknown;
  userId: string;
}

function pickActivities(emulator: GarminEmulator, userId: string, summaryIds: string[] | undefined) {
  const all = emulator.activitiesOf(userId);
  if (!summaryIds) return all;
  return summaryIds.map((summaryId) => {
    const activity = all.find((each) => each.summary.summaryId === summaryId);
    if (!activity) throw new Error(`user ${userId} has no activity ${summaryId}`);
    return activity;
  });
}
