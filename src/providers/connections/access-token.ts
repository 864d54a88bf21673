import type pg from 'pg';
import type { Clock } from '../../domain/clock.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { TokenCipher } from '../../security/token-cipher.ts';
import { type ConnectionTokens, setConnectionStatus, tokenAssociatedData } from './connection.store.ts';

/** What each provider supplies to renew a link; the locking around it is shared (one mechanism for all). */
export interface TokenRefresher {
  /** Throws RefreshRefusedError when the provider says the refresh token is no good (revoked, rotated away). */
  refresh(refreshToken: string): Promise<ConnectionTokens>;
}

export class RefreshRefusedError extends Error {
  override name = 'RefreshRefusedError';
}

/** The link cannot be used until the runner connects again; sync for it stops (not retried). */
export class ConnectionUnusableError extends PermanentJobError {
  override name = 'ConnectionUnusableError';
}

/** Refresh a little before expiry, so a token never expires between our check and the provider's. */
const REFRESH_MARGIN_MS = 5 * 60_000;

interface TokenRow {
  status: string;
  statusReason: string | null;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  accessExpiresAt: Date | null;
}

const SELECT_TOKENS = `SELECT status, status_reason AS "statusReason", access_token_enc AS "accessTokenEnc",
  refresh_token_enc AS "refreshTokenEnc", access_expires_at AS "accessExpiresAt" FROM provider_connection WHERE id = $1`;

/**
 * A usable access token for a connection, refreshed when it is (nearly) expired or when the provider just
 * refused `staleAccessToken` (a 401). Providers rotate refresh tokens: the old one dies when the new one is
 * issued, so two workers refreshing at once would lock the runner out if one of them lost the new token.
 * The refresh therefore runs under the connection's row lock and re-reads the row first: the second worker
 * finds the token the first one stored and uses it instead of refreshing again.
 */
export async function getAccessToken(
  pool: pg.Pool,
  cipher: TokenCipher,
  connectionId: string,
  refresher: TokenRefresher,
  options: { clock: Clock; staleAccessToken?: string },
): Promise<string> {
  const { rows } = await pool.query<TokenRow>(SELECT_TOKENS, [connectionId]);
  const current = usableRow(rows[0], connectionId);
  if (!options.staleAccessToken && isFresh(current, options.clock)) {
    return cipher.decrypt(current.accessTokenEnc!, tokenAssociatedData(connectionId, 'access'));
  }

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query<TokenRow>(`${SELECT_TOKENS} FOR UPDATE`, [connectionId]);
    const row = usableRow(locked.rows[0], connectionId);
    const accessToken = cipher.decrypt(row.accessTokenEnc!, tokenAssociatedData(connectionId, 'access'));
    const refreshedMeanwhile = options.staleAccessToken && accessToken !== options.staleAccessToken;
    if (refreshedMeanwhile || (!options.staleAccessToken && isFresh(row, options.clock))) {
      await client.query('COMMIT');
      return accessToken;
    }
    const refreshToken = cipher.decrypt(row.refreshTokenEnc!, tokenAssociatedData(connectionId, 'refresh'));
    let renewed: ConnectionTokens;
    try {
      renewed = await refresher.refresh(refreshToken);
    } catch (error) {
      if (!(error instanceof RefreshRefusedError)) throw error; // transient: the job retries later
      const reason = `the provider refused to renew access (${error.message}); connect again`;
      await setConnectionStatus(client, connectionId, 'needs_reauth', reason);
      await client.query('COMMIT');
      throw new ConnectionUnusableError(reason);
    }
    await client.query(
      `UPDATE provider_connection SET access_token_enc = $2, refresh_token_enc = $3, access_expires_at = $4,
         updated_at = now() WHERE id = $1`,
      [
        connectionId,
        cipher.encrypt(renewed.accessToken, tokenAssociatedData(connectionId, 'access')),
        cipher.encrypt(renewed.refreshToken, tokenAssociatedData(connectionId, 'refresh')),
        renewed.expiresAt,
      ],
    );
    await client.query('COMMIT');
    return renewed.accessToken;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function usableRow(row: TokenRow | undefined, connectionId: string): TokenRow {
  if (!row) throw new ConnectionUnusableError(`connection ${connectionId} no longer exists`);
  if (row.status !== 'active' || !row.accessTokenEnc || !row.refreshTokenEnc) {
    throw new ConnectionUnusableError(
      `connection is ${row.status}${row.statusReason ? `: ${row.statusReason}` : ''}`,
    );
  }
  return row;
}

function isFresh(row: TokenRow, clock: Clock): boolean {
  return (
    row.accessExpiresAt !== null && row.accessExpiresAt.getTime() - clock.now().getTime() > REFRESH_MARGIN_MS
  );
}
