import { timingSafeEqual } from 'node:crypto';
import type { TokenSigner } from '../../security/signed-token.ts';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/**
 * The token a page puts in its forms (and scripts in the x-csrf-token header): an HMAC of what identifies
 * the browser to us — the session's hash, or before sign-in the form cookie's hash — under the
 * deployment's key. Another site can make the browser send our cookies, but cannot read this value or
 * compute it, so a forged POST arrives without it.
 */
export function csrfTokenFor(signer: TokenSigner, subject: string): string {
  // The signature part alone: the payload is our own subject, which the server knows already.
  return signer.sign('web-csrf', { subject }).split('.')[1]!;
}

export function csrfTokenMatches(signer: TokenSigner, subject: string, given: unknown): boolean {
  if (typeof given !== 'string' || !given) return false;
  const expected = Buffer.from(csrfTokenFor(signer, subject));
  const received = Buffer.from(given);
  return received.length === expected.length && timingSafeEqual(received, expected);
}
