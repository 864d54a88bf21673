import type { CookieSerializeOptions } from '@fastify/cookie';
import { SESSION_LIFETIME_MS } from '../accounts/web-session.store.ts';

export interface WebCookies {
  /** The session token: HTTP-only, SameSite=Lax, Secure over https. */
  session: string;
  /** Before sign-in: a random value the sign-in forms' CSRF token is derived from. */
  form: string;
  sessionOptions: CookieSerializeOptions;
  formOptions: CookieSerializeOptions;
  clearOptions: CookieSerializeOptions;
}

/**
 * Over https the names carry the `__Host-` prefix: the browser then accepts them only from this exact
 * host, Secure, for path /, so a neighbouring subdomain cannot plant or overwrite them.
 */
export function webCookies(secure: boolean): WebCookies {
  const prefix = secure ? '__Host-' : '';
  const base: CookieSerializeOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure };
  return {
    session: `${prefix}weekwise_session`,
    form: `${prefix}weekwise_form`,
    sessionOptions: { ...base, maxAge: SESSION_LIFETIME_MS / 1000 },
    formOptions: { ...base, maxAge: 24 * 3600 },
    clearOptions: base,
  };
}
