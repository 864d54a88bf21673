import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from './emulator-context.ts';
import { checkClient } from './request-guards.ts';
import { integerParameter, requestParameters } from './request-parameters.ts';
import { fromTemplate } from './strava-fixture-templates.ts';
import type { PushSubscription } from './strava-model.ts';

/** /api/v3/push_subscriptions: create (with the callback handshake), list and delete the app's one subscription. */
export function registerPushSubscriptionRoutes(api: FastifyInstance, context: EmulatorContext): void {
  const { faultBodies, templates } = context;
  const applicationId = Number(context.clientId) || 0;
  const described = (subscription: PushSubscription, template: Record<string, unknown>) =>
    fromTemplate(template, {
      id: subscription.id,
      application_id: applicationId,
      callback_url: subscription.callbackUrl,
      created_at: subscription.createdAt.toISOString(),
      updated_at: subscription.createdAt.toISOString(),
    });

  api.post('/push_subscriptions', async (request, reply) => {
    const parameters = requestParameters(request);
    if (!checkClient(context, parameters, reply)) return reply;
    const outcome = await context.subscriptions.subscribe(parameters.callback_url, parameters.verify_token);
    if (!outcome.ok) {
      return reply.code(400).send(faultBodies.badRequest('PushSubscription', outcome.field, outcome.code));
    }
    return reply.code(201).send(described(outcome.subscription, templates.createdSubscription));
  });

  api.get('/push_subscriptions', async (request, reply) => {
    if (!checkClient(context, requestParameters(request), reply)) return reply;
    const subscription = context.subscriptions.current();
    return subscription ? [described(subscription, templates.listedSubscription)] : [];
  });

  api.delete<{ Params: { id: string } }>('/push_subscriptions/:id', async (request, reply) => {
    if (!checkClient(context, requestParameters(request), reply)) return reply;
    const id = integerParameter(request.params.id);
    if (id === undefined || Number.isNaN(id) || !context.subscriptions.unsubscribe(id)) {
      return reply.code(404).send(faultBodies.notFound('PushSubscription'));
    }
    return reply.code(204).send();
  });
}
