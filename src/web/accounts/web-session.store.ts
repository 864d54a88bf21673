import type pg from 'pg';
import { hashSecretToken, newSecretToken } from '../security/secret-token.ts';

export const SESSION_LIFETIME_MS = 30 * 24 * 3_600_000;
/** A session used again after this long is extended by another lifetime (sliding expiry). */
const SESSION_REFRESH_AFTER_MS = 3_600_000;

/** The signed-in person, as every request reads them again from the database. */
export interface Viewer {
  userId: string;
  email: string;
  name: string | null;
  /** The athlete this person is, when they run. */
  athleteId: string | null;
  /** SHA-256 of the session cookie: the CSRF token is derived from it. */
  sessionHash: string;
}

/** A fresh random session: never a token the browser had before signing in (no session fixation). */
export async function createWebSession(pool: pg.Pool, userId: string, now: Date): Promise<string> {
  const token = newSecretToken();
  await pool.query('DELETE FROM web_session WHERE user_id = $1 AND expires_at <= $2', [userId, now]);
  await pool.query(
    `INSERT INTO web_session (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)`,
    [hashSecretToken(token), userId, now, new Date(now.getTime() + SESSION_LIFETIME_MS)],
  );
  return token;
}

/**
 * The viewer behind a session cookie, or null when it is unknown or expired. `extended` says the expiry
 * moved forward, so the cookie should be sent again with a fresh lifetime.
 */
export async function findWebSession(
  pool: pg.Pool,
  token: string,
  now: Date,
): Promise<{ viewer: Viewer; extended: boolean } | null> {
  const sessionHash = hashSecretToken(token);
  const { rows } = await pool.query<{
    user_id: string;
    email: string;
    name: string | null;
    athlete_id: string | null;
    last_seen_at: Date;
  }>(
    `SELECT s.user_id, u.email, u.name, u.athlete_id, s.last_seen_at
     FROM web_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [sessionHash, now],
  );
  const row = rows[0];
  if (!row) return null;
  const extended = now.getTime() - row.last_seen_at.getTime() > SESSION_REFRESH_AFTER_MS;
  if (extended) {
    await pool.query('UPDATE web_session SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [
      sessionHash,
      now,
      new Date(now.getTime() + SESSION_LIFETIME_MS),
    ]);
  }
  return {
    viewer: { userId: row.user_id, email: row.email, name: row.name, athleteId: row.athlete_id, sessionHash },
    extended,
  };
}

export async function deleteWebSession(pool: pg.Pool, token: string): Promise<void> {
  await pool.query('DELETE FROM web_session WHERE token_hash = $1', [hashSecretToken(token)]);
}
