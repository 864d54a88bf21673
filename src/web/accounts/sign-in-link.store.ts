import type pg from 'pg';
import { inTransaction } from '../../db/in-transaction.ts';
import { hashSecretToken, newSecretToken } from '../security/secret-token.ts';

export const SIGN_IN_LINK_LIFETIME_MS = 15 * 60_000;
/** More links than this for one address within an hour are not sent: a mailbox is not a target. */
export const SIGN_IN_LINKS_PER_EMAIL_PER_HOUR = 5;

export type SignInLinkProblem = 'unknown' | 'used' | 'expired';

/**
 * A new single-use link for `email`, or null when the address has had its share this hour. Only the
 * token's hash is stored. The count and the insert are serialised per address, so that a burst of
 * requests cannot slip past the limit together.
 */
export async function createSignInLink(pool: pg.Pool, email: string, now: Date): Promise<string | null> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sign-in-link:${email}`]);
    const { rows } = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM sign_in_link WHERE email = $1 AND created_at > $2',
      [email, new Date(now.getTime() - 3_600_000)],
    );
    if (rows[0]!.count >= SIGN_IN_LINKS_PER_EMAIL_PER_HOUR) return null;
    // Housekeeping: a day-old link is of no use to anybody, not even to the per-address count.
    await client.query('DELETE FROM sign_in_link WHERE email = $1 AND created_at < $2', [
      email,
      new Date(now.getTime() - 24 * 3_600_000),
    ]);
    const token = newSecretToken();
    await client.query(
      'INSERT INTO sign_in_link (token_hash, email, expires_at, created_at) VALUES ($1, $2, $3, $4)',
      [hashSecretToken(token), email, new Date(now.getTime() + SIGN_IN_LINK_LIFETIME_MS), now],
    );
    return token;
  });
}

/** What a link would do if used now, without using it (the page behind the emailed GET). */
export async function checkSignInLink(
  pool: pg.Pool,
  token: string,
  now: Date,
): Promise<{ ok: true; email: string } | { ok: false; problem: SignInLinkProblem }> {
  const { rows } = await pool.query<{ email: string; expires_at: Date; used_at: Date | null }>(
    'SELECT email, expires_at, used_at FROM sign_in_link WHERE token_hash = $1',
    [hashSecretToken(token)],
  );
  const link = rows[0];
  if (!link) return { ok: false, problem: 'unknown' };
  if (link.used_at) return { ok: false, problem: 'used' };
  if (link.expires_at.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, email: link.email };
}

/**
 * Uses a link: one conditional UPDATE, so that of two simultaneous clicks exactly one signs in. When it
 * matches nothing, the row (if any) says why.
 */
export async function consumeSignInLink(
  pool: pg.Pool,
  token: string,
  now: Date,
): Promise<{ ok: true; email: string } | { ok: false; problem: SignInLinkProblem }> {
  const { rows } = await pool.query<{ email: string }>(
    `UPDATE sign_in_link SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING email`,
    [hashSecretToken(token), now],
  );
  if (rows[0]) return { ok: true, email: rows[0].email };
  const state = await checkSignInLink(pool, token, now);
  return state.ok ? { ok: false, problem: 'used' } : state;
}

export function describeSignInLinkProblem(problem: SignInLinkProblem): string {
  switch (problem) {
    case 'expired':
      return 'This sign-in link has expired: links work for 15 minutes. Ask for a new one below.';
    case 'used':
      return 'This sign-in link was already used: each link works once. Ask for a new one below.';
    default:
      return 'This sign-in link is not valid. Use the link from the email itself, or ask for a new one below.';
  }
}
