import type { FastifyInstance, FastifyReply } from 'fastify';
import { summaryAthletePayload } from './athlete-payloads.ts';
import type { EmulatorContext } from './emulator-context.ts';
import { checkClient, faultGuard } from './request-guards.ts';
import { accessTokenOf, requestParameters } from './request-parameters.ts';
import { fromTemplate } from './strava-fixture-templates.ts';
import { isStravaScope, STRAVA_SCOPES, type StravaScope } from './strava-model.ts';
import type { IssuedTokens } from './token-store.ts';

/** strava.com/oauth/*: the consent screen, the token endpoint and revocation. */
export function registerOAuthRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.get('/oauth/authorize', async (request, reply) => {
    const parameters = requestParameters(request);
    const { faultBodies } = context;
    if (parameters.client_id !== context.clientId) return reply.code(400).send(faultBodies.invalidClient());
    if (parameters.response_type !== 'code') {
      return reply.code(400).send(faultBodies.badRequest('Application', 'response_type', 'invalid'));
    }
    const redirect =
      parameters.redirect_uri && URL.canParse(parameters.redirect_uri)
        ? new URL(parameters.redirect_uri)
        : null;
    if (!redirect)
      return reply.code(400).send(faultBodies.badRequest('Application', 'redirect_uri', 'invalid'));
    const requested = (parameters.scope ?? 'read')
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean);
    if (requested.some((scope) => !isStravaScope(scope))) {
      return reply.code(400).send(faultBodies.badRequest('Authorize', 'scope', 'invalid'));
    }
    const athlete = context.athletes.signedIn();
    if (!athlete) {
      return reply.code(401).send({
        message:
          'Not signed in to the Strava emulator: call signIn(athleteId) (or POST /_emulator/athletes/:id/sign-in) first',
      });
    }
    // Strava always echoes state, even empty.
    redirect.searchParams.set('state', parameters.state ?? '');
    if (athlete.denies) {
      redirect.searchParams.set('error', 'access_denied');
      return reply.redirect(redirect.toString(), 302);
    }
    const ticked = athlete.grantedScopes ?? requested;
    const granted = STRAVA_SCOPES.filter(
      (scope) => scope === 'read' || (requested.includes(scope) && ticked.includes(scope)),
    ) as StravaScope[];
    const code = context.tokens.issueCode({ athleteId: athlete.id, scopes: granted });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('scope', granted.join(','));
    return reply.redirect(redirect.toString(), 302);
  });

  app.post('/oauth/token', { onRequest: faultGuard(context) }, async (request, reply) => {
    const parameters = requestParameters(request);
    if (!checkClient(context, parameters, reply)) return reply;
    const { faultBodies, templates } = context;
    if (parameters.grant_type === 'authorization_code') {
      const issued = parameters.code ? context.tokens.exchangeCode(parameters.code) : null;
      if (!issued) return reply.code(400).send(faultBodies.invalidCode());
      const athlete = context.athletes.require(issued.athleteId);
      return fromTemplate(templates.tokenExchange, {
        ...tokenFields(issued, context.clock.nowEpochSeconds()),
        athlete: summaryAthletePayload(templates, athlete),
      });
    }
    if (parameters.grant_type === 'refresh_token') {
      const issued = parameters.refresh_token ? context.tokens.refresh(parameters.refresh_token) : null;
      if (!issued)
        return reply.code(400).send(faultBodies.badRequest('RefreshToken', 'refresh_token', 'invalid'));
      return fromTemplate(templates.tokenRefresh, tokenFields(issued, context.clock.nowEpochSeconds()));
    }
    return reply.code(400).send(faultBodies.badRequest('Application', 'grant_type', 'invalid'));
  });

  app.post('/oauth/deauthorize', async (request, reply: FastifyReply) => {
    const token = accessTokenOf(request);
    const check = token ? context.tokens.check(token) : null;
    if (!token || !check?.ok) return reply.code(401).send(context.faultBodies.invalidAccessToken());
    // The webhook event goes out on its own (Strava does not wait for it before answering).
    void context.deauthorize(check.owner.athleteId);
    return fromTemplate(context.templates.deauthorize, { access_token: token });
  });
}

function tokenFields(issued: IssuedTokens, nowEpochSeconds: number): Record<string, unknown> {
  return {
    token_type: 'Bearer',
    access_token: issued.accessToken,
    refresh_token: issued.refreshToken,
    expires_at: issued.expiresAt,
    expires_in: issued.expiresAt - nowEpochSeconds,
  };
}
