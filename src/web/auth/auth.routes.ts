import type { FastifyInstance } from 'fastify';
import { deliverLinkMail } from '../accounts/deliver-link.ts';
import { normalizeEmail } from '../accounts/email-address.ts';
import { signInMail } from '../accounts/link-mail.ts';
import {
  checkSignInLink,
  consumeSignInLink,
  createSignInLink,
  describeSignInLinkProblem,
} from '../accounts/sign-in-link.store.ts';
import { findOrCreateUser } from '../accounts/user.store.ts';
import { createWebSession, deleteWebSession } from '../accounts/web-session.store.ts';
import { renderCheckEmailPage, renderConfirmSignInPage, renderSignInPage } from '../pages/sign-in.page.ts';
import { csrfTokenForPage } from '../session/viewer-hooks.ts';
import type { WebCookies } from '../session/web-cookies.ts';
import { WebError } from '../session/web-errors.ts';
import type { WebContext } from '../web-context.ts';
import { localPathOrNull } from './local-path.ts';

export interface SignInLimits {
  /** Sign-in link requests per IP address per window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 10, windowMs: 15 * 60_000 };

/**
 * Sign-in by emailed link. Asking for a link always answers the same page, known address or not, so the
 * form cannot tell anyone who has an account. The link opens a page with a button; the POST uses the
 * link (once), makes a new session and drops whatever session cookie the browser came with.
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  context: WebContext,
  cookies: WebCookies,
  limits: SignInLimits,
): void {
  const hidden = { schema: { hide: true } };
  const rateLimited = (max: number) => ({
    ...hidden,
    config: {
      rateLimit: {
        max,
        timeWindow: limits.windowMs,
        errorResponseBuilder: (_request: unknown, limit: { after: string }) =>
          new WebError(429, `Too many sign-in attempts from your network. Try again in ${limit.after}.`),
      },
    },
  });

  app.get<{ Querystring: { next?: string } }>('/', hidden, async (request, reply) => {
    const next = localPathOrNull(request.query.next);
    if (request.viewer) return reply.redirect(next ?? '/dashboard', 303);
    const csrfToken = csrfTokenForPage(request, reply, context, cookies);
    return reply.type('text/html; charset=utf-8').send(renderSignInPage({ csrfToken, next }));
  });

  app.post<{ Body: { email?: string; next?: string } }>(
    '/auth/sign-in',
    rateLimited(limits.perAddress),
    async (request, reply) => {
      const email = normalizeEmail(request.body?.email);
      const next = localPathOrNull(request.body?.next);
      if (!email) {
        const csrfToken = csrfTokenForPage(request, reply, context, cookies);
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(renderSignInPage({ csrfToken, next, problem: 'Enter a valid email address.' }));
      }
      const token = await createSignInLink(context.db.pool, email, context.clock.now());
      if (token) {
        const query = new URLSearchParams({ token, ...(next ? { next } : {}) });
        const link = `${context.publicUrl}/auth/link?${query}`;
        const outcome = await deliverLinkMail(context, signInMail(email, link), link);
        if (outcome === 'failed') {
          throw new WebError(503, 'We could not send the email just now. Try again in a few minutes.');
        }
      } else {
        // The address has had its links for this hour: the page must not say so (nor whether it exists).
        request.log.info('sign-in link limit reached for an address');
      }
      return reply.type('text/html; charset=utf-8').send(renderCheckEmailPage(email));
    },
  );

  app.get<{ Querystring: { token?: string; next?: string } }>(
    '/auth/link',
    hidden,
    async (request, reply) => {
      const token = request.query.token ?? '';
      const next = localPathOrNull(request.query.next);
      const csrfToken = csrfTokenForPage(request, reply, context, cookies);
      const state = token
        ? await checkSignInLink(context.db.pool, token, context.clock.now())
        : ({ ok: false, problem: 'unknown' } as const);
      if (!state.ok) {
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(renderSignInPage({ csrfToken, next, problem: describeSignInLinkProblem(state.problem) }));
      }
      return reply
        .type('text/html; charset=utf-8')
        .send(
          renderConfirmSignInPage({ token, email: state.email, next, csrfToken, viewer: request.viewer }),
        );
    },
  );

  app.post<{ Body: { token?: string; next?: string } }>(
    '/auth/link',
    rateLimited(30),
    async (request, reply) => {
      const now = context.clock.now();
      const next = localPathOrNull(request.body?.next);
      const used = await consumeSignInLink(context.db.pool, String(request.body?.token ?? ''), now);
      if (!used.ok) {
        const csrfToken = csrfTokenForPage(request, reply, context, cookies);
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(renderSignInPage({ csrfToken, next, problem: describeSignInLinkProblem(used.problem) }));
      }
      const user = await findOrCreateUser(context.db.prisma, used.email);
      // No session fixation: whatever session the browser arrived with ends here, and the new one has a
      // token nobody has seen before.
      const previous = request.cookies[cookies.session];
      if (previous) await deleteWebSession(context.db.pool, previous);
      const session = await createWebSession(context.db.pool, user.id, now);
      request.log.info({ userId: user.id }, 'signed in');
      return reply
        .setCookie(cookies.session, session, cookies.sessionOptions)
        .clearCookie(cookies.form, cookies.clearOptions)
        .redirect(next ?? '/dashboard', 303);
    },
  );

  app.post('/auth/sign-out', hidden, async (request, reply) => {
    const token = request.cookies[cookies.session];
    if (token) await deleteWebSession(context.db.pool, token);
    return reply.clearCookie(cookies.session, cookies.clearOptions).redirect('/', 303);
  });
}
