import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { verifyConnectLink } from '../../providers/connect-link.ts';
import { ConnectionConflictError } from '../../providers/connections/connection.store.ts';
import { OAuthStateError } from '../../providers/oauth/oauth-state.store.ts';
import { ProviderAuthorizationError, ProviderUnavailableError } from '../../providers/provider-errors.ts';
import { renderMessagePage } from '../html-page.ts';
import type { HttpContext } from '../http-context.ts';

/**
 * What Strava's and Garmin's connect flows share: every way a connect can end early is a plain page the
 * runner can act on (never a stack trace), and each is worded once, here.
 */

type ProviderId = 'strava' | 'garmin';
const PROVIDER_NAMES: Record<ProviderId, string> = { strava: 'Strava', garmin: 'Garmin' };

/** Ends a connect flow with a page: thrown by the steps, rendered by connectRoute. */
export class ConnectPageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly paragraphs: string[],
  ) {
    super(title);
    this.name = 'ConnectPageError';
  }
}

export function sendConnectPage(
  reply: FastifyReply,
  page: { status: number; title: string; paragraphs: string[]; tone?: 'ok' | 'problem' },
): FastifyReply {
  return reply
    .code(page.status)
    .type('text/html')
    .send(
      renderMessagePage({ title: page.title, paragraphs: page.paragraphs, tone: page.tone ?? 'problem' }),
    );
}

/**
 * Wraps a connect route: the errors a connect can meet become their page. An outage of the provider
 * happens before anything is stored (the code exchange and the account lookups come first).
 */
export function connectRoute(
  provider: ProviderId,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
) {
  const name = PROVIDER_NAMES[provider];
  const notConnected = `${name} was not connected`;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof ConnectPageError) return sendConnectPage(reply, error);
      if (error instanceof OAuthStateError)
        return sendConnectPage(reply, {
          status: 400,
          title: 'This link does not work',
          paragraphs: [error.message],
        });
      if (error instanceof ProviderAuthorizationError)
        return sendConnectPage(reply, {
          status: 400,
          title: notConnected,
          paragraphs: [`${error.message}. Start again.`],
        });
      if (error instanceof ConnectionConflictError)
        return sendConnectPage(reply, { status: 409, title: notConnected, paragraphs: [error.message] });
      if (error instanceof ProviderUnavailableError) {
        request.log.warn({ err: error }, `${name} did not answer during a connect`);
        return sendConnectPage(reply, {
          status: 502,
          title: notConnected,
          paragraphs: [`${name} did not answer in time. Nothing was changed; start again in a few minutes.`],
        });
      }
      throw error;
    }
  };
}

/** The athlete a signed connect link (`weekwise connect <provider>`) names; a page when it is not valid. */
export function athleteOfConnectLink(context: HttpContext, query: unknown, provider: ProviderId): string {
  const link = z.object({ link: z.string().max(2000) }).safeParse(query);
  const athleteId = link.success
    ? verifyConnectLink(context.providers.signer, link.data.link, provider, context.clock.now())
    : null;
  if (!athleteId) {
    throw new ConnectPageError(400, 'This link does not work', [
      `The connect link is invalid or has expired. Ask weekwise for a new one (weekwise connect ${provider}).`,
    ]);
  }
  return athleteId;
}

/** The provider's redirect back to us, checked against what that provider sends. */
export function parseCallbackQuery<T>(schema: z.ZodType<T>, query: unknown, provider: ProviderId): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new ConnectPageError(400, 'Something is missing', [
      `${PROVIDER_NAMES[provider]} did not send what weekwise needs. Start again.`,
    ]);
  }
  return parsed.data;
}

/** The runner said no on the provider's page (or closed it): nothing happened, and they may come back. */
export function declined(provider: ProviderId, where: string): ConnectPageError {
  return new ConnectPageError(200, `${PROVIDER_NAMES[provider]} was not connected`, [
    `You did not authorise weekwise on ${where}, so nothing was imported. You can connect at any time.`,
  ]);
}
