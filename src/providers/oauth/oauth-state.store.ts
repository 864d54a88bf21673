import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Provider } from '../../generated/prisma/enums.ts';
import type { TokenSigner } from '../../security/signed-token.ts';
import type { TokenCipher } from '../../security/token-cipher.ts';

/** How long a runner has to finish on the provider's consent page. */
export const OAUTH_STATE_LIFETIME_MS = 15 * 60_000;

const PURPOSE = 'oauth-state';

export interface AcceptedOAuthState {
  athleteId: string;
  /** The PKCE verifier kept for this authorisation (providers that use PKCE), in plain text. */
  codeVerifier: string | null;
}

export class OAuthStateError extends Error {
  override name = 'OAuthStateError';
}

/**
 * Starts an authorisation: a row that the provider's callback must name, signed (a forged or altered
 * state is refused before the database is asked), single-use and expiring. The PKCE verifier stays here,
 * encrypted, never in the browser.
 */
export async function createOAuthState(
  db: pg.Pool,
  services: { signer: TokenSigner; cipher: TokenCipher },
  request: { provider: Provider; athleteId: string; codeVerifier?: string; now: Date },
): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  await db.query(
    `INSERT INTO oauth_state (id, provider, athlete_id, code_verifier_enc, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [
      id,
      request.provider,
      request.athleteId,
      request.codeVerifier ? services.cipher.encrypt(request.codeVerifier, `oauth_state:${id}`) : null,
      new Date(request.now.getTime() + OAUTH_STATE_LIFETIME_MS),
    ],
  );
  return services.signer.sign(PURPOSE, { id, provider: request.provider });
}

/** Accepts a state once: a replay, an expired or a forged state throws OAuthStateError with a plain reason. */
export async function consumeOAuthState(
  db: pg.Pool,
  services: { signer: TokenSigner; cipher: TokenCipher },
  provider: Provider,
  state: string,
  now: Date,
): Promise<AcceptedOAuthState> {
  const payload = services.signer.verify(PURPOSE, state);
  if (!payload || payload.provider !== provider || typeof payload.id !== 'string') {
    throw new OAuthStateError('this authorisation link was not issued by weekwise');
  }
  const id = payload.id;
  const { rows } = await db.query<{ athleteId: string; codeVerifierEnc: string | null }>(
    `UPDATE oauth_state SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING athlete_id AS "athleteId", code_verifier_enc AS "codeVerifierEnc"`,
    [id, now],
  );
  const accepted = rows[0];
  if (!accepted) {
    const { rows: known } = await db.query<{ usedAt: Date | null }>(
      'SELECT used_at AS "usedAt" FROM oauth_state WHERE id = $1',
      [id],
    );
    if (!known[0]) throw new OAuthStateError('this authorisation was not started here');
    throw new OAuthStateError(
      known[0].usedAt
        ? 'this authorisation link was already used; start again'
        : 'this authorisation link has expired; start again',
    );
  }
  return {
    athleteId: accepted.athleteId,
    codeVerifier: accepted.codeVerifierEnc
      ? services.cipher.decrypt(accepted.codeVerifierEnc, `oauth_state:${id}`)
      : null,
  };
}

/** Old states are useless after expiry; the scheduler sweeps them. */
export async function deleteExpiredOAuthStates(db: pg.Pool, now: Date): Promise<number> {
  const result = await db.query('DELETE FROM oauth_state WHERE expires_at < $1', [
    new Date(now.getTime() - 24 * 3600_000),
  ]);
  return result.rowCount ?? 0;
}
