import type pg from 'pg';
import type { GarminConfig } from '../../../config/config.ts';
import type { Clock } from '../../domain/clock.ts';
import type { TokenCipher } from '../../security/token-cipher.ts';
import { withAccessToken } from '../connections/with-access-token.ts';
import type { GarminClient } from './garmin.client.ts';
import type { GarminOAuth } from './garmin-oauth.ts';

/** Garmin's side of a link: OAuth (PKCE, exchange, refresh), and API calls with a fresh token. */
export class GarminService {
  constructor(
    readonly config: GarminConfig,
    readonly oauth: GarminOAuth,
    readonly client: GarminClient,
    private readonly deps: { pool: pg.Pool; cipher: TokenCipher; clock: Clock },
  ) {}

  /** Runs one API call with the connection's token: the shared rule (a 401: one refresh, then needs_reauth). */
  withToken<T>(connectionId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    return withAccessToken(this.deps, { connectionId, refresher: this.oauth, providerName: 'Garmin' }, call);
  }
}
