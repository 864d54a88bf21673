import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { saveConnection } from '../../providers/connections/connection.store.ts';
import { requestGarminBackfill } from '../../providers/garmin/garmin-backfill.ts';
import { describeMissingGarminPermissions } from '../../providers/garmin/garmin-permissions.ts';
import { consumeOAuthState, createOAuthState } from '../../providers/oauth/oauth-state.store.ts';
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
  code: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
});

/** Connecting Garmin: OAuth 2.0 with PKCE, the verifier kept encrypted with the single-use state. */
export function registerGarminOAuthRoutes(server: FastifyInstance, context: HttpContext): void {
  const garmin = context.providers.garmin!;
  const redirectUri = `${context.config.http.publicUrl}/oauth/garmin/callback`;

  // The runner arrives with a signed connect link (`weekwise connect garmin`): it names the athlete.
  server.get(
    '/connect/garmin',
    connectRoute('garmin', async (request, reply) => {
      const athleteId = athleteOfConnectLink(context, request.query, 'garmin');
      const codeVerifier = garmin.oauth.newCodeVerifier();
      const state = await createOAuthState(context.db.pool, context.providers, {
        provider: 'garmin',
        athleteId,
        codeVerifier,
        now: context.clock.now(),
      });
      return reply.redirect(await garmin.oauth.authorizationUrl({ state, redirectUri, codeVerifier }), 302);
    }),
  );

  server.get(
    '/oauth/garmin/callback',
    connectRoute('garmin', async (request, reply) => {
      const query = parseCallbackQuery(callbackQuery, request.query, 'garmin');
      const accepted = await consumeOAuthState(
        context.db.pool,
        context.providers,
        'garmin',
        query.state,
        context.clock.now(),
      );
      if (query.error || !query.code) throw declined('garmin', 'Garmin Connect');
      if (!accepted.codeVerifier)
        throw new ConnectPageError(400, 'This link does not work', ['Start again.']);

      const tokens = await garmin.oauth.exchangeCode({
        callback: new URL(request.url, 'http://callback.invalid').searchParams,
        state: query.state,
        codeVerifier: accepted.codeVerifier,
        redirectUri,
      });
      const userId = await garmin.client.userId(tokens.accessToken);
      const permissions = await garmin.client.permissions(tokens.accessToken);
      const missing = describeMissingGarminPermissions(permissions);
      if (missing.blocking) {
        // Unlinked at once, so Garmin does not send data for a runner weekwise keeps nothing of.
        await garmin.client.deleteRegistration(tokens.accessToken).catch((error: unknown) => {
          request.log.warn({ err: error }, 'could not unlink a Garmin user who shared no activities');
        });
        throw new ConnectPageError(200, 'Garmin was not connected', [missing.blocking]);
      }
      const connection = await saveConnection(context.db.pool, context.providers.cipher, {
        athleteId: accepted.athleteId,
        provider: 'garmin',
        externalAthleteId: userId,
        tokens,
        grantedScopes: permissions,
      });
      await requestGarminBackfill(context.db.pool, context.queue, connection, {
        now: context.clock.now(),
        days: garmin.config.backfillDays,
      });
      request.log.info({ athleteId: accepted.athleteId, connectionId: connection.id }, 'Garmin connected');
      return sendConnectPage(reply, {
        status: 200,
        title: 'Garmin is connected',
        paragraphs: [
          'weekwise has asked Garmin for your history; Garmin sends it over the next minutes, and every new activity after that.',
          ...(missing.warning ? [missing.warning] : []),
        ],
        tone: 'ok',
      });
    }),
  );
}
