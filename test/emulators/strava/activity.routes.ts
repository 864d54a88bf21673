import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { detailedActivityPayload, streamsPayload, summaryActivityPayload } from './activity-payloads.ts';
import { detailedAthletePayload } from './athlete-payloads.ts';
import type { EmulatorContext } from './emulator-context.ts';
import { authenticate } from './request-guards.ts';
import { integerParameter, requestParameters } from './request-parameters.ts';
import type { EmulatedActivity } from './strava-model.ts';
import { generateStreams } from './stream-generator.ts';
import type { TokenOwner } from './token-store.ts';

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 200;

/** /api/v3/athlete, /athlete/activities, /activities/{id} and its streams, as the token's athlete sees them. */
export function registerActivityRoutes(api: FastifyInstance, context: EmulatorContext): void {
  const { faultBodies, templates } = context;

  api.get('/athlete', async (request, reply) => {
    const owner = authenticate(context, request, reply);
    if (!owner) return reply;
    return detailedAthletePayload(templates, context.athletes.require(owner.athleteId));
  });

  api.get('/athlete/activities', async (request, reply) => {
    const owner = authenticateReader(context, request, reply);
    if (!owner) return reply;
    const parameters = requestParameters(request);
    const numbers = {
      before: integerParameter(parameters.before),
      after: integerParameter(parameters.after),
      page: integerParameter(parameters.page) ?? 1,
      per_page: integerParameter(parameters.per_page) ?? DEFAULT_PER_PAGE,
    };
    for (const [field, value] of Object.entries(numbers)) {
      if (Number.isNaN(value))
        return reply.code(400).send(faultBodies.badRequest('Application', field, 'invalid'));
    }
    const activities = context.activities.query(owner.athleteId, {
      ...(numbers.before === undefined ? {} : { before: numbers.before }),
      ...(numbers.after === undefined ? {} : { after: numbers.after }),
      page: Math.max(1, numbers.page),
      // Strava quietly caps the page size rather than refusing a larger one.
      perPage: Math.min(MAX_PER_PAGE, Math.max(1, numbers.per_page)),
      includePrivate: owner.scopes.includes('activity:read_all'),
    });
    return activities.map((activity) => summaryActivityPayload(templates, activity));
  });

  api.get<{ Params: { id: string } }>('/activities/:id', async (request, reply) => {
    const owner = authenticateReader(context, request, reply);
    if (!owner) return reply;
    const activity = visibleActivity(context, owner, request.params.id);
    if (!activity) return reply.code(404).send(faultBodies.notFound('Activity'));
    return detailedActivityPayload(templates, activity);
  });

  api.get<{ Params: { id: string } }>('/activities/:id/streams', async (request, reply) => {
    const owner = authenticateReader(context, request, reply);
    if (!owner) return reply;
    const activity = visibleActivity(context, owner, request.params.id);
    if (!activity) return reply.code(404).send(faultBodies.notFound('Activity'));
    const parameters = requestParameters(request);
    const requested = (parameters.keys ?? '').split(',').map((key) => key.trim());
    const keyByType = parameters.key_by_type === 'true';
    return streamsPayload(templates, activity, generateStreams(activity), requested, keyByType);
  });
}

/** Activity reads need activity:read or activity:read_all; Strava answers 401 naming the permission. */
function authenticateReader(
  context: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): TokenOwner | null {
  const owner = authenticate(context, request, reply);
  if (!owner) return null;
  if (owner.scopes.includes('activity:read') || owner.scopes.includes('activity:read_all')) return owner;
  context.counters.unauthorized += 1;
  reply.code(401).send(context.faultBodies.missingPermission('activity:read_permission'));
  return null;
}

/** The activity if the token may see it: the athlete's own, and private ones only with activity:read_all. */
function visibleActivity(
  context: EmulatorContext,
  owner: TokenOwner,
  rawId: string,
): EmulatedActivity | undefined {
  const id = integerParameter(rawId);
  if (id === undefined || Number.isNaN(id)) return undefined;
  const activity = context.activities.get(id);
  if (!activity || activity.athleteId !== owner.athleteId) return undefined;
  if (activity.private && !owner.scopes.includes('activity:read_all')) return undefined;
  return activity;
}
