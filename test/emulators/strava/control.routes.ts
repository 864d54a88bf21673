import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { StravaEmulator } from './strava-emulator.ts';
import { STRAVA_SCOPES } from './strava-model.ts';

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const clockBody = z.object({
  set: isoDate.optional(),
  advanceMs: z.number().optional(),
  /** true: stop the clock (at `set`, or now); false: let it run at real speed again. */
  freeze: z.boolean().optional(),
  rate: z.number().min(0).optional(),
});

const athleteBody = z.object({
  id: z.number().int().positive().optional(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  grantedScopes: z.array(z.enum(STRAVA_SCOPES)).optional(),
  denies: z.boolean().optional(),
  timeZone: z.string().optional(),
  /** Generated activities to add straight away. */
  activities: z.number().int().min(0).optional(),
  signIn: z.boolean().optional(),
});

const activitySpec = z.object({
  id: z.number().int().positive().optional(),
  name: z.string().optional(),
  sportType: z.string().optional(),
  startDate: isoDate.optional(),
  timeZone: z.string().optional(),
  movingSeconds: z.number().int().min(0).optional(),
  elapsedSeconds: z.number().int().min(0).optional(),
  distanceMeters: z.number().min(0).optional(),
  elevationGainMeters: z.number().min(0).optional(),
  hasHeartRate: z.boolean().optional(),
  averageHeartRate: z.number().nullable().optional(),
  maxHeartRate: z.number().nullable().optional(),
  averageCadence: z.number().nullable().optional(),
  manual: z.boolean().optional(),
  trainer: z.boolean().optional(),
  commute: z.boolean().optional(),
  private: z.boolean().optional(),
  deviceName: z.string().nullable().optional(),
  workoutType: z.number().int().nullable().optional(),
});

const activitiesBody = z.object({
  count: z.number().int().min(0).optional(),
  specs: z.array(activitySpec).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  everyHours: z.number().positive().optional(),
  /** Create them one by one with a webhook create event each (count or specs). */
  notify: z.boolean().optional(),
});

const changeBody = z.object({ changes: activitySpec.omit({ id: true }), notify: z.boolean().optional() });

const faultsBody = z.object({
  serverErrorRate: z.number().min(0).max(1).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  timeoutMs: z.number().int().min(0).nullable().optional(),
});

const eventBody = z.object({
  object_type: z.enum(['activity', 'athlete']),
  object_id: z.number().int(),
  aspect_type: z.enum(['create', 'update', 'delete']),
  owner_id: z.number().int(),
  updates: z.record(z.string(), z.string()).optional(),
});

const limitPair = z
  .object({ fifteenMinutes: z.number().int().min(0), daily: z.number().int().min(0) })
  .partial();
const limitsBody = z.object({ overall: limitPair.optional(), read: limitPair.optional() });

const idParams = z.object({ id: z.coerce.number().int() });

/**
 * /_emulator/*: the test helpers over HTTP, for running the emulator by hand (run-strava-emulator.ts) or
 * from another process. Bodies are JSON; dates ISO 8601. Not rate-limited, never faulty.
 */
export function registerControlRoutes(control: FastifyInstance, emulator: StravaEmulator): void {
  control.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) =>
    reply.code(error instanceof z.ZodError ? 400 : (error.statusCode ?? 400)).send({
      message: error instanceof z.ZodError ? z.prettifyError(error) : error.message,
    }),
  );

  control.get('/clock', async () => ({ now: emulator.clock.now().toISOString() }));
  control.post('/clock', async (request) => {
    const body = clockBody.parse(request.body ?? {});
    if (body.set) emulator.clock.set(body.set);
    if (body.advanceMs !== undefined) emulator.clock.advance(body.advanceMs);
    if (body.rate !== undefined) emulator.clock.setRate(body.rate);
    if (body.freeze === true) emulator.clock.freeze();
    if (body.freeze === false) emulator.clock.setRate(1);
    return { now: emulator.clock.now().toISOString() };
  });

  control.post('/athletes', async (request, reply) => {
    const { activities, signIn, ...spec } = athleteBody.parse(request.body ?? {});
    const athlete = emulator.addAthlete(spec);
    const added = activities ? emulator.addActivities(athlete.id, activities) : [];
    if (signIn) emulator.signIn(athlete.id);
    return reply.code(201).send({ athlete, activityIds: added.map((activity) => activity.id) });
  });

  control.get('/athletes/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const athlete = emulator.getAthlete(id);
    if (!athlete) return missing(reply, `athlete ${id}`);
    return { athlete, tokens: emulator.tokensOf(id), activityCount: emulator.listActivities(id).length };
  });

  control.post('/athletes/:id/sign-in', async (request) => {
    const { id } = idParams.parse(request.params);
    emulator.signIn(id);
    return { signedIn: id };
  });

  control.post('/sign-out', async () => {
    emulator.signOut();
    return { signedIn: null };
  });

  control.post('/athletes/:id/activities', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { count, specs, notify, ...placement } = activitiesBody.parse(request.body ?? {});
    const wanted = specs ?? Array.from({ length: count ?? 1 }, () => ({}));
    if (notify) {
      const created = wanted.map((spec) => emulator.createActivity(id, spec, { notify: true }));
      const deliveries = await Promise.all(created.map((change) => change.delivery));
      return reply.code(201).send({ activities: created.map((change) => change.activity), deliveries });
    }
    return reply.code(201).send({ activities: emulator.addActivities(id, wanted, placement) });
  });

  control.get('/athletes/:id/activities', async (request) => {
    const { id } = idParams.parse(request.params);
    return emulator.listActivities(id);
  });

  control.post('/athletes/:id/deauthorize', async (request) => {
    const { id } = idParams.parse(request.params);
    return { delivery: await emulator.deauthorize(id) };
  });

  control.post('/athletes/:id/expire-tokens', async (request) => {
    const { id } = idParams.parse(request.params);
    emulator.expireAccessTokens(id);
    return { expired: id };
  });

  control.patch('/activities/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    if (!emulator.getActivity(id)) return missing(reply, `activity ${id}`);
    const { changes, notify } = changeBody.parse(request.body ?? {});
    const change = emulator.updateActivity(id, changes, { notify: notify ?? false });
    return { activity: change.activity, delivery: await change.delivery };
  });

  control.delete('/activities/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    if (!emulator.getActivity(id)) return missing(reply, `activity ${id}`);
    const notify = (request.query as Record<string, string>).notify === 'true';
    const change = emulator.deleteActivity(id, { notify });
    return { activity: change.activity, delivery: await change.delivery };
  });

  control.post('/events', async (request) => ({
    delivery: await emulator.deliverEvent(eventBody.parse(request.body)),
  }));
  control.get('/deliveries', async () => emulator.deliveries());

  control.post('/faults', async (request) => {
    emulator.faults.set(faultsBody.parse(request.body ?? {}));
    return emulator.faults.current();
  });
  control.delete('/faults', async () => {
    emulator.faults.clear();
    return emulator.faults.current();
  });

  control.get('/limits', async () => emulator.limits);
  control.post('/limits', async (request) => {
    emulator.setLimits(limitsBody.parse(request.body ?? {}));
    return emulator.limits;
  });

  control.get('/stats', async () => emulator.stats());
  control.delete('/stats', async () => {
    emulator.resetRequestStats();
    return emulator.stats();
  });
}

function missing(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ message: `no ${what}` });
}
