import type pg from 'pg';
import type { Clock } from '../../domain/clock.ts';
import type { TokenCipher } from '../../security/token-cipher.ts';
import { RefreshRefusedError, type TokenRefresher } from '../connections/access-token.ts';
import type { ConnectionTokens } from '../connections/connection.store.ts';
import { withAccessToken } from '../connections/with-access-token.ts';
import { ProviderAuthorizationError } from '../provider-errors.ts';
import type { StravaClient } from './strava.client.ts';
import { parseStravaToken } from './strava.schemas.ts';

/** Strava's side of a link: turning codes into tokens, keeping tokens fresh, calling the API with them. */
export class StravaService {
  readonly refresher: TokenRefresher;

  constructor(
    readonly client: StravaClient,
    private readonly deps: { pool: pg.Pool; cipher: TokenCipher; clock: Clock },
  ) {
    this.refresher = {
      refresh: async (refreshToken) => {
        const { status, body } = await client.requestToken({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        });
        if (status === 400 || status === 401) throw new RefreshRefusedError(`Strava answered ${status}`);
        if (status !== 200) throw new Error(`Strava token refresh answered ${status}`);
        return toTokens(parseStravaToken(body));
      },
    };
  }

  /** Exchanges the code from the OAuth callback; the athlete's Strava id comes with the tokens. */
  async exchangeCode(code: string): Promise<{ tokens: ConnectionTokens; stravaAthleteId: string }> {
    const { status, body } = await this.client.requestToken({ grant_type: 'authorization_code', code });
    if (status !== 200)
      throw new ProviderAuthorizationError(`Strava refused the authorisation code (HTTP ${status})`);
    const token = parseStravaToken(body);
    if (!token.athlete?.id)
      throw new ProviderAuthorizationError('Strava did not say which athlete authorised weekwise');
    return { tokens: toTokens(token), stravaAthleteId: String(token.athlete.id) };
  }

  /** Runs one API call with the connection's token (see withAccessToken for what a 401 does). */
  async withToken<T>(connectionId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    // The 401 → refresh → needs_reauth rule is shared with Garmin (one mechanism for every provider).
    return withAccessToken(
      this.deps,
      { connectionId, refresher: this.refresher, providerName: 'Strava' },
      call,
    );
  }
}

function toTokens(token: {
  access_token: string;
  refresh_token: string;
  expires_at: number;
}): ConnectionTokens {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    expiresAt: new Date(token.expires_at * 1000),
  };
}
