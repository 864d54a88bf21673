import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { verifyConnectLink } from '../../providers/connect-link.ts';
import { ConnectionConflictError, saveConnection } from '../../providers/connections/connection.store.ts';
import {
  consumeOAuthState,
  createOAuthState,
  OAuthStateError,
} from '../../providers/oauth/oauth-state.store.ts';
import { startStravaBackfill } from '../../providers/strava/strava-backfill.ts';
import { describeMissingStravaScopes } from '../../providers/strava/strava-scopes.ts';
import { renderMessagePage } from '../html-page.ts';
import type { HttpContext } from '../http-context.ts';

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
  server.get('/connect/strava', async (request, reply) => {
    const link = z.object({ link: z.string().max(2000) }).safeParse(request.query);
    const athleteId = link.success
      ? verifyConnectLink(context.providers.signer, link.data.link, 'strava', context.clock.now())
      : null;
    if (!athleteId) {
      return reply
        .code(400)
        .type('text/html')
        .send(
          renderMessagePage({
            title: 'This link does not work',
            paragraphs: [
              'The connect link is invalid or has expired. Ask weekwise for a new one (weekwise connect strava).',
            ],
            tone: 'problem',
          }),
        );
    }
    const state = await createOAuthState(context.db.pool, context.providers, {
      provider: 'strava',
      athleteId,
      now: context.clock.now(),
    });
    return reply.redirect(strava.client.authorizeUrl({ state, redirectUri }), 302);
  });

  server.get('/oauth/strava/callback', async (request, reply) => {
    const page = (status: number, title: string, paragraphs: string[], tone: 'ok' | 'problem' = 'problem') =>
      reply.code(status).type('text/html').send(renderMessagePage({ title, paragraphs, tone }));
    const query = callbackQuery.safeParse(request.query);
    if (!query.success)
      return page(400, 'Something is missing', ['Strava did not send what weekwise needs. Start again.']);
    let accepted: Awaited<ReturnType<typeof consumeOAuthState>>;
    try {
      accepted = await consumeOAuthState(
        context.db.pool,
        context.providers,
        'strava',
        query.data.state,
        context.clock.now(),
      );
    } catch (error) {
      if (error instanceof OAuthStateError) return page(400, 'This link does not work', [error.message]);
      throw error;
    }
    if (query.data.error || !query.data.code) {
      return page(200, 'Strava was not connected', [
        'You did not authorise weekwise on Strava, so nothing was imported. You can connect at any time.',
      ]);
    }
    const granted = (query.data.scope ?? '').split(',').filter(Boolean);
    const missing = describeMissingStravaScopes(granted);
    if (missing.blocking) return page(200, 'Strava was not connected', [missing.blocking]);

    const { tokens, stravaAthleteId } = await strava.exchangeCode(query.data.code);
    let connection: Awaited<ReturnType<typeof saveConnection>>;
    try {
      connection = await saveConnection(context.db.pool, context.providers.cipher, {
        athleteId: accepted.athleteId,
        provider: 'strava',
        externalAthleteId: stravaAthleteId,
        tokens,
        grantedScopes: granted,
      });
    } catch (error) {
      if (error instanceof ConnectionConflictError)
        return page(409, 'Strava was not connected', [error.message]);
      throw error;
    }
    await startStravaBackfill(context.db.pool, context.queue, connection, context.clock.now());
    request.log.info({ athleteId: accepted.athleteId, connectionId: connection.id }, 'Strava connected');
    return page(
      200,
      'Strava is connected',
      [
        'weekwise is importing your Strava history now; new activities will arrive by themselves.',
        ...(missing.warning ? [missing.warning] : []),
      ],
      'ok',
    );
  });
}
