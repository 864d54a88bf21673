import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { verifyConnectLink } from '../../providers/connect-link.ts';
import {
  ConnectionConflictError,
  type ConnectionTokens,
  saveConnection,
} from '../../providers/connections/connection.store.ts';
import { requestGarminBackfill } from '../../providers/garmin/garmin-backfill.ts';
import { GarminAuthorizationError } from '../../providers/garmin/garmin-oauth.ts';
import { describeMissingGarminPermissions } from '../../providers/garmin/garmin-permissions.ts';
import {
  consumeOAuthState,
  createOAuthState,
  OAuthStateError,
} from '../../providers/oauth/oauth-state.store.ts';
import { ProviderUnavailableError } from '../../providers/provider-errors.ts';
import { renderMessagePage } from '../html-page.ts';
import type { HttpContext } from '../http-context.ts';

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
  server.get('/connect/garmin', async (request, reply) => {
    const link = z.object({ link: z.string().max(2000) }).safeParse(request.query);
    const athleteId = link.success
      ? verifyConnectLink(context.providers.signer, link.data.link, 'garmin', context.clock.now())
      : null;
    if (!athleteId) {
      return reply
        .code(400)
        .type('text/html')
        .send(
          renderMessagePage({
            title: 'This link does not work',
            paragraphs: [
              'The connect link is invalid or has expired. Ask weekwise for a new one (weekwise connect garmin).',
            ],
            tone: 'problem',
          }),
        );
    }
    const codeVerifier = garmin.oauth.newCodeVerifier();
    const state = await createOAuthState(context.db.pool, context.providers, {
      provider: 'garmin',
      athleteId,
      codeVerifier,
      now: context.clock.now(),
    });
    return reply.redirect(await garmin.oauth.authorizationUrl({ state, redirectUri, codeVerifier }), 302);
  });

  server.get('/oauth/garmin/callback', async (request, reply) => {
    const page = (status: number, title: string, paragraphs: string[], tone: 'ok' | 'problem' = 'problem') =>
      reply.code(status).type('text/html').send(renderMessagePage({ title, paragraphs, tone }));
    const query = callbackQuery.safeParse(request.query);
    if (!query.success)
      return page(400, 'Something is missing', ['Garmin did not send what weekwise needs. Start again.']);
    let accepted: Awaited<ReturnType<typeof consumeOAuthState>>;
    try {
      accepted = await consumeOAuthState(
        context.db.pool,
        context.providers,
        'garmin',
        query.data.state,
        context.clock.now(),
      );
    } catch (error) {
      if (error instanceof OAuthStateError) return page(400, 'This link does not work', [error.message]);
      throw error;
    }
    if (query.data.error || !query.data.code) {
      return page(200, 'Garmin was not connected', [
        'You did not authorise weekwise on Garmin Connect, so nothing was imported. You can connect at any time.',
      ]);
    }
    if (!accepted.codeVerifier) return page(400, 'This link does not work', ['Start again.']);

    let account: { tokens: ConnectionTokens; userId: string; permissions: string[] };
    try {
      const tokens = await garmin.oauth.exchangeCode({
        callback: new URL(request.url, 'http://callback.invalid').searchParams,
        state: query.data.state,
        codeVerifier: accepted.codeVerifier,
        redirectUri,
      });
      const userId = await garmin.client.userId(tokens.accessToken);
      account = { tokens, userId, permissions: await garmin.client.permissions(tokens.accessToken) };
    } catch (error) {
      if (error instanceof GarminAuthorizationError)
        return page(400, 'Garmin was not connected', [`${error.message}. Start again.`]);
      if (error instanceof ProviderUnavailableError) {
        request.log.warn({ err: error }, 'Garmin did not answer during a connect');
        return page(502, 'Garmin was not connected', [
          'Garmin did not answer in time. Nothing was changed; start again in a few minutes.',
        ]);
      }
      throw error;
    }
    const { tokens, userId, permissions } = account;
    const missing = describeMissingGarminPermissions(permissions);
    if (missing.blocking) {
      // Unlinked at once, so Garmin does not send data for a runner weekwise keeps nothing of.
      await garmin.client.deleteRegistration(tokens.accessToken).catch((error: unknown) => {
        request.log.warn({ err: error }, 'could not unlink a Garmin user who shared no activities');
      });
      return page(200, 'Garmin was not connected', [missing.blocking]);
    }
    let connection: Awaited<ReturnType<typeof saveConnection>>;
    try {
      connection = await saveConnection(context.db.pool, context.providers.cipher, {
        athleteId: accepted.athleteId,
        provider: 'garmin',
        externalAthleteId: userId,
        tokens,
        grantedScopes: permissions,
      });
    } catch (error) {
      if (error instanceof ConnectionConflictError)
        return page(409, 'Garmin was not connected', [error.message]);
      throw error;
    }
    await requestGarminBackfill(context.db.pool, context.queue, connection, {
      now: context.clock.now(),
      days: garmin.config.backfillDays,
    });
    request.log.info({ athleteId: accepted.athleteId, connectionId: connection.id }, 'Garmin connected');
    return page(
      200,
      'Garmin is connected',
      [
        'weekwise has asked Garmin for your history; Garmin sends it over the next minutes, and every new activity after that.',
        ...(missing.warning ? [missing.warning] : []),
      ],
      'ok',
    );
  });
}
