import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: what sign-in links, invitation links and session cookies carry. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a token: its SHA-256, so that reading the tables (a backup, a leaked dump)
 * signs nobody in. The tokens are random, so no salt or slow hash is needed.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
