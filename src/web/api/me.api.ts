import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../access/require-access.ts';
import { coachedAthleteIds } from '../access/viewer-role.ts';
import { loadAthleteCard } from '../read-models/athlete-card.ts';
import { csrfTokenFor } from '../security/csrf-token.ts';
import type { WebContext } from '../web-context.ts';
import { errorSchema, sessionSecurity } from './api-schemas.ts';

export function registerMeApi(app: FastifyInstance, context: WebContext): void {
  app.get(
    '/api/me',
    {
      schema: {
        tags: ['account'],
        summary: 'Who is signed in: their athlete (a runner), how many athletes they coach, the CSRF token',
        security: sessionSecurity,
        response: {
          200: {
            type: 'object',
            properties: {
              user: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  email: { type: 'string' },
                  name: { type: ['string', 'null'] },
                },
                required: ['id', 'email', 'name'],
              },
              athlete: {
                type: ['object', 'null'],
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  timeZone: { type: 'string' },
                },
                required: ['id', 'name', 'timeZone'],
              },
              coachedAthletes: { type: 'integer' },
              csrfToken: { type: 'string', description: 'send it as x-csrf-token on POST and DELETE' },
            },
            required: ['user', 'athlete', 'coachedAthletes', 'csrfToken'],
          },
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const athlete = viewer.athleteId ? await loadAthleteCard(context.db.pool, viewer.athleteId) : null;
      return {
        user: { id: viewer.userId, email: viewer.email, name: viewer.name },
        athlete: athlete ? { id: athlete.id, name: athlete.name, timeZone: athlete.timeZone } : null,
        coachedAthletes: (await coachedAthleteIds(context.db.pool, viewer)).length,
        csrfToken: csrfTokenFor(context.signer, `session:${viewer.sessionHash}`),
      };
    },
  );
}
