import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { saveConnection } from '../../providers/connections/connection.store.ts';
import { consumeOAuthState, createOAuthState } from '../../providers/oauth/oauth-state.store.ts';
import { startStravaBackfill } from '../../providers/strava/strava-backfill.ts';
import { describeMissingStravaScopes } from '../../providers/strava/strava-scopes.ts';
import type { HttpContext } from '../http-context.ts';
import {
  athleteOfConnectLink,
  ConnectPageError,
  connectRoute,
  declined,
  parseCallbackQuery,
  sendConnectPage,
} from './connect-pages.ts';

const callbackQuery = z.object({
  state: z.string().min(1).max(1000),
  code: z.string().min(1).max(500).optional(),
  scope: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
});

export function registerStravaOAuthRoutes(server: FastifyInstance, context: HttpContext): void {
  const strava = context.providers.strava!;
  const redirectUri = `${context.config.http.publicUrl}/oauth/strava/callback`;

  // The runner arrives with a signed connect link (from `weekwise connect strava`, later the web page):
  // it names the athlete, and the state we send to Strava is single-use and expires.
  server.get(
    '/connect/strava',
    connectRoute('strava', async (request, reply) => {
      const athleteId = athleteOfConnectLink(context, request.query, 'strava');
      const state = await createOAuthState(context.db.pool, context.providers, {
        provider: 'strava',
        athleteId,
        now: context.clock.now(),
      });
      return reply.redirect(strava.client.authorizeUrl({ state, redirectUri }), 302);
    }),
  );

  server.get(
    '/oauth/strava/callback',
    connectRoute('strava', async (request, reply) => {
      const query = parseCallbackQuery(callbackQuery, request.query, 'strava');
      const accepted = await consumeOAuthState(
        context.db.pool,
        context.providers,
        'strava',
        query.state,
        context.clock.now(),
      );
      if (query.error || !query.code) throw declined('strava', 'Strava');
      const granted = (query.scope ?? '').split(',').filter(Boolean);
      const missing = describeMissingStravaScopes(granted);
      if (missing.blocking) throw new ConnectPageError(200, 'Strava was not connected', [missing.blocking]);

      const { tokens, stravaAthleteId } = await strava.exchangeCode(query.code);
      const connection = await saveConnection(context.db.pool, context.providers.cipher, {
        athleteId: accepted.athleteId,
        provider: 'strava',
        externalAthleteId: stravaAthleteId,
        tokens,
        grantedScopes: granted,
      });
      await startStravaBackfill(context.db.pool, context.queue, connection, context.clock.now());
      request.log.info({ athleteId: accepted.athleteId, connectionId: connection.id }, 'Strava connected');
      return sendConnectPage(reply, {
        status: 200,
        title: 'Strava is connected',
        paragraphs: [
          'weekwise is importing your Strava history now; new activities will arrive by themselves.',
          ...(missing.warning ? [missing.warning] : []),
        ],
        tone: 'ok',
      });
    }),
  );
}
