import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderConsentPage } from './garmin-consent-page.ts';
import { GARMIN_PERMISSIONS, type GarminPermission } from './garmin-emulator.types.ts';
import { OAuthError, type TokenResponse } from './garmin-oauth-tokens.ts';
import type { GarminRouteContext } from './garmin-route-context.ts';

export const CONSENT_PATH = '/oauth2Confirm';
export const TOKEN_PATH = '/di-oauth2-service/oauth/token';

/** RFC 7636 §4.2: an S256 challenge is 43 base64url characters. */
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

type Fields = Record<string, string | string[] | undefined>;

/** The browser half (consent) and the server half (token endpoint) of Garmin's OAuth 2.0 PKCE flow. */
export function registerGarminOAuthRoutes(server: FastifyInstance, context: GarminRouteContext): void {
  server.get(CONSENT_PATH, async (request, reply) => {
    const query = request.query as Record<string, string>;
    const problem = checkAuthorizationRequest(query, context.clientId);
    if (problem) return reply.code(400).send({ error: 'invalid_request', error_description: problem });
    const session = context.users.currentSession();
    if (!session) {
      const userIds = context.users.list().map((user) => user.userId);
      return reply.type('text/html; charset=utf-8').send(renderConsentPage(query, userIds));
    }
    return answerConsent(reply, context, query, {
      userId: session.userId,
      decline: session.decline,
      grant: session.grant,
    });
  });

  // The consent form of the page above.
  server.post(CONSENT_PATH, async (request, reply) => {
    const fields = request.body as Fields;
    const query = Object.fromEntries(
      [
        'client_id',
        'response_type',
        'redirect_uri',
        'state',
        'code_challenge',
        'code_challenge_method',
      ].flatMap((name) => (typeof fields[name] === 'string' ? [[name, fields[name]]] : [])),
    ) as Record<string, string>;
    const problem = checkAuthorizationRequest(query, context.clientId);
    if (problem) return reply.code(400).send({ error: 'invalid_request', error_description: problem });
    const userId = typeof fields.userId === 'string' ? fields.userId : '';
    if (!context.users.find(userId))
      return reply.code(400).send({ error: 'invalid_request', error_description: 'unknown user' });
    const ticked = [fields.permission ?? []].flat();
    const grant = GARMIN_PERMISSIONS.filter((name) => ticked.includes(name));
    return answerConsent(reply, context, query, { userId, decline: fields.decision !== 'accept', grant });
  });

  server.post(TOKEN_PATH, async (request, reply) => {
    try {
      return issueTokens(request, context);
    } catch (error) {
      if (error instanceof OAuthError) return reply.code(error.status).send(error.toJson());
      throw error;
    }
  });
}

/** Null when the request is one Garmin would show a consent page for; else what is wrong with it. */
function checkAuthorizationRequest(query: Record<string, string>, clientId: string): string | null {
  if (query.client_id !== clientId) return 'unknown client_id';
  if (query.response_type !== 'code') return 'response_type must be code';
  if (!query.redirect_uri || !URL.canParse(query.redirect_uri)) return 'redirect_uri must be an absolute URL';
  if (!query.code_challenge) return 'code_challenge is required (PKCE)';
  if (query.code_challenge_method !== 'S256') return 'code_challenge_method must be S256';
  if (!CHALLENGE_PATTERN.test(query.code_challenge)) return 'code_challenge is not an S256 challenge';
  return null;
}

function answerConsent(
  reply: FastifyReply,
  context: GarminRouteContext,
  query: Record<string, string>,
  answer: { userId: string; decline: boolean; grant: GarminPermission[] | undefined },
): FastifyReply {
  const redirect = new URL(query.redirect_uri!);
  if (query.state !== undefined) redirect.searchParams.set('state', query.state);
  if (answer.decline) {
    redirect.searchParams.set('error', 'access_denied');
    return reply.redirect(redirect.toString(), 302);
  }
  const user = answer.grant
    ? context.users.setPermissions(answer.userId, answer.grant)
    : context.users.require(answer.userId);
  // Consenting again after a deregistration connects the user again.
  user.registered = true;
  const code = context.tokens.issueCode({
    clientId: query.client_id!,
    redirectUri: query.redirect_uri!,
    codeChallenge: query.code_challenge!,
    userId: user.userId,
    permissions: user.permissions,
  });
  redirect.searchParams.set('code', code);
  return reply.redirect(redirect.toString(), 302);
}

function issueTokens(request: FastifyRequest, context: GarminRouteContext): TokenResponse {
  const fields = (request.body ?? {}) as Fields;
  const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const client = readClientCredentials(
    request.headers.authorization,
    field('client_id'),
    field('client_secret'),
  );
  if (client.id !== context.clientId || client.secret !== context.clientSecret) {
    throw new OAuthError('invalid_client', 'client authentication failed');
  }
  const grantType = field('grant_type');
  if (grantType === 'authorization_code') {
    return context.tokens.exchangeCode({
      clientId: client.id,
      code: field('code'),
      codeVerifier: field('code_verifier'),
      redirectUri: field('redirect_uri'),
    });
  }
  if (grantType === 'refresh_token') return context.tokens.refresh(field('refresh_token'));
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
}

/** Garmin takes the client credentials in the form; HTTP Basic (RFC 6749 §2.3.1) is accepted too. */
function readClientCredentials(
  authorization: string | undefined,
  formId: string | undefined,
  formSecret: string | undefined,
): { id: string | undefined; secret: string | undefined } {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      try {
        return {
          id: decodeURIComponent(decoded.slice(0, colon)),
          secret: decodeURIComponent(decoded.slice(colon + 1)),
        };
      } catch {
        return { id: undefined, secret: undefined };
      }
    }
  }
  return { id: formId, secret: formSecret };
}
