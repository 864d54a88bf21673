import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findWebSession, type Viewer } from '../accounts/web-session.store.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenFor, csrfTokenMatches } from '../security/csrf-token.ts';
import { comesFromOurPages } from '../security/same-origin.ts';
import { hashSecretToken, newSecretToken } from '../security/secret-token.ts';
import type { WebContext } from '../web-context.ts';
import type { WebCookies } from './web-cookies.ts';
import { WebError } from './web-errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, read from the database on this request; null when nobody is signed in. */
    viewer: Viewer | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking (every request, from the session cookie and the database: never cached), and the CSRF
 * check on every state-changing request. Registered on the scope of the web routes only.
 */
export function installViewerHooks(app: FastifyInstance, context: WebContext, cookies: WebCookies): void {
  app.decorateRequest('viewer', null);

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[cookies.session];
    if (!token) return;
    const found = await findWebSession(context.db.pool, token, context.clock.now());
    if (!found) {
      reply.clearCookie(cookies.session, cookies.clearOptions);
      return;
    }
    request.viewer = found.viewer;
    // Sliding expiry: the browser's cookie lives as long as the session it names.
    if (found.extended) reply.setCookie(cookies.session, token, cookies.sessionOptions);
  });

  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    // Signing out a browser whose session already ended changes nothing: let it clear the cookie.
    if (!request.viewer && request.url === '/auth/sign-out') return;
    if (!comesFromOurPages(request, context.publicUrl)) {
      throw new WebError(403, 'This request did not come from a weekwise page.');
    }
    const subject = csrfSubject(request, cookies);
    const body = request.body as Record<string, unknown> | undefined;
    const given = request.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
    if (!subject || !csrfTokenMatches(context.signer, subject, given)) {
      throw new WebError(
        403,
        'This form has expired or did not come from weekwise (CSRF token missing or wrong). Reload the page and try again.',
      );
    }
  });
}

function csrfSubject(request: FastifyRequest, cookies: WebCookies): string | null {
  if (request.viewer) return `session:${request.viewer.sessionHash}`;
  const form = request.cookies[cookies.form];
  return form ? `form:${hashSecretToken(form)}` : null;
}

/**
 * The CSRF token for the page being rendered. Before sign-in there is no session to derive it from, so
 * the browser gets a random form cookie first (the sign-in forms are protected too: nobody can make a
 * browser sign in to someone else's account).
 */
export function csrfTokenForPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: WebContext,
  cookies: WebCookies,
): string {
  let subject = csrfSubject(request, cookies);
  if (!subject) {
    const form = newSecretToken();
    reply.setCookie(cookies.form, form, cookies.formOptions);
    // Later hooks of this request must see it as the browser will send it next time.
    request.cookies[cookies.form] = form;
    subject = `form:${hashSecretToken(form)}`;
  }
  return csrfTokenFor(context.signer, subject);
}
