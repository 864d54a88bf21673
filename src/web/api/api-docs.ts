import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document of the web API, built from the routes' JSON schemas, and Swagger UI at /docs.
 * Registered before the routes it describes (it collects them as they are added); pages hide themselves.
 */
export async function registerApiDocs(
  scope: FastifyInstance,
  options: { publicUrl: string; sessionCookie: string },
): Promise<void> {
  await scope.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'weekwise API',
        version: '1',
        description:
          'Training weeks, fatigue and alerts of runners, for themselves and for the coaches they invited. ' +
          'Sign in on the web first: the API uses the same session cookie. POST and DELETE also need the ' +
          'x-csrf-token header (GET /api/me returns it). An athlete you may not see answers 404.',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: options.sessionCookie },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      tags: [
        { name: 'account', description: 'the signed-in person' },
        { name: 'coach', description: "a coach's roster" },
        { name: 'athletes', description: 'one athlete: the runner themselves or a coach they invited' },
        { name: 'consent', description: 'runners invite and revoke coaches; coaches accept' },
      ],
    },
  });
  await scope.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: false, validatorUrl: null },
  });
}
