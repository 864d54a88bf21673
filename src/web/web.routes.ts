import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { HttpContext } from '../http/http-context.ts';
import { createMailer } from '../mail/mailer.ts';
import { registerApiDocs } from './api/api-docs.ts';
import { registerAthleteApi } from './api/athlete.api.ts';
import { registerCoachesApi } from './api/coaches.api.ts';
import { registerMeApi } from './api/me.api.ts';
import { registerRosterApi } from './api/roster.api.ts';
import { registerAssetRoutes } from './assets/asset.routes.ts';
import { DEFAULT_SIGN_IN_LIMITS, registerAuthRoutes, type SignInLimits } from './auth/auth.routes.ts';
import { registerPageRoutes } from './pages/page.routes.ts';
import { contentSecurityPolicy } from './security/content-security-policy.ts';
import { installViewerHooks } from './session/viewer-hooks.ts';
import { webCookies } from './session/web-cookies.ts';
import { sendWebError } from './session/web-errors.ts';
import type { WebContext } from './web-context.ts';

/**
 * The web face of weekwise — sign-in by emailed link, consent, the JSON API (documented at /docs) and the
 * dashboard — in one encapsulated scope: its cookies, CSRF check, rate limits and content security
 * policy apply to these routes only, not to the webhooks and OAuth callbacks beside them.
 */
export async function registerWebRoutes(
  server: FastifyInstance,
  context: HttpContext,
  options: { signInLimits?: SignInLimits } = {},
): Promise<void> {
  const ownMailer = context.mailer === undefined ? createMailer(context.config.mail) : null;
  if (ownMailer) server.addHook('onClose', async () => ownMailer.close());
  const publicUrl = context.config.http.publicUrl;
  const web: WebContext = {
    db: context.db,
    clock: context.clock,
    logger: context.logger,
    signer: context.providers.signer,
    mailer: context.mailer === undefined ? ownMailer : context.mailer,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    production: context.config.env === 'production',
  };
  const cookies = webCookies(web.secureCookies);
  const policy = contentSecurityPolicy(web.secureCookies);
  const docsPolicy = contentSecurityPolicy(web.secureCookies, { inlineStyles: true });

  await server.register(async (scope) => {
    await scope.register(cookie);
    // Limits are set per route (sign-in); the store is this process's memory.
    await scope.register(rateLimit, { global: false });
    await registerApiDocs(scope, { publicUrl, sessionCookie: cookies.session });
    scope.addHook('onSend', async (request, reply, payload) => {
      reply.header('content-security-policy', request.url.startsWith('/docs') ? docsPolicy : policy);
      reply.header('referrer-policy', 'same-origin');
      return payload;
    });
    scope.setErrorHandler((error: FastifyError, request, reply) => sendWebError(error, request, reply));
    registerAssetRoutes(scope);

    await scope.register(async (app) => {
      installViewerHooks(app, web, cookies);
      registerAuthRoutes(app, web, cookies, options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS);
      registerMeApi(app, web);
      registerRosterApi(app, web);
      registerAthleteApi(app, web);
      registerCoachesApi(app, web);
      registerPageRoutes(app, web, cookies);
    });
  });
}
