import type pg from 'pg';
import type { Clock } from '../../domain/clock.ts';
import type { TokenCipher } from '../../security/token-cipher.ts';
import { ProviderUnauthorizedError } from '../provider-errors.ts';
import { ConnectionUnusableError, getAccessToken, type TokenRefresher } from './access-token.ts';
import { setConnectionStatus } from './connection.store.ts';

/**
 * Runs one provider call with a connection's access token, the same way for every provider. A 401
 * (ProviderUnauthorizedError) means the token died early (revoked, rotated by another worker): one
 * refresh, one more try; a second 401 means the runner must connect again, and the link says so.
 */
export async function withAccessToken<T>(
  deps: { pool: pg.Pool; cipher: TokenCipher; clock: Clock },
  link: { connectionId: string; refresher: TokenRefresher; providerName: string },
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const { pool, cipher, clock } = deps;
  const { connectionId, refresher } = link;
  const token = await getAccessToken(pool, cipher, connectionId, refresher, { clock });
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof ProviderUnauthorizedError)) throw error;
  }
  const renewed = await getAccessToken(pool, cipher, connectionId, refresher, {
    clock,
    staleAccessToken: token,
  });
  try {
    return await call(renewed);
  } catch (error) {
    if (!(error instanceof ProviderUnauthorizedError)) throw error;
    const reason = `${link.providerName} refuses our access even after a refresh; connect again`;
    await setConnectionStatus(pool, connectionId, 'needs_reauth', reason);
    throw new ConnectionUnusableError(reason);
  }
}
