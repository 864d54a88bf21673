import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../access/require-access.ts';
import { loadRoster } from '../read-models/roster.ts';
import type { WebContext } from '../web-context.ts';
import { errorSchema, overviewSchema, sessionSecurity } from './api-schemas.ts';

export function registerRosterApi(app: FastifyInstance, context: WebContext): void {
  app.get(
    '/api/roster',
    {
      schema: {
        tags: ['coach'],
        summary: "The coach's athletes, highest risk first",
        description:
          'Only athletes whose runner invited this coach and who accepted (and not revoked since). For each: ' +
          "today's CTL, ATL, TSB, ACWR and monotony, last week's verdict, active alerts with their evidence, " +
          'a risk score (the order), and six weeks of daily form and fitness for sparklines.',
        security: sessionSecurity,
        response: {
          200: {
            type: 'object',
            properties: { athletes: { type: 'array', items: overviewSchema } },
            required: ['athletes'],
          },
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      return { athletes: await loadRoster(context.db.pool, viewer, context.clock.now()) };
    },
  );
}
