import type { FastifyRequest } from 'fastify';

/**
 * A state-changing request must come from one of our own pages. Browsers send `Origin` on every POST and
 * DELETE (and `Sec-Fetch-Site`); when present they must name us. Requests without either (curl, tests)
 * still need the CSRF token, which is the real check: this one also covers the sign-in forms.
 */
export function comesFromOurPages(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === new URL(publicUrl).origin) return true;
  // Reached by another name than the public one (a LAN address, a test on 127.0.0.1): same host is us.
  return origin === `${request.protocol}://${request.host}`;
}
