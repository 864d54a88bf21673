import * as oauth from 'oauth4webapi';
import type { GarminConfig } from '../../../config/config.ts';
import type { Clock } from '../../domain/clock.ts';
import { RefreshRefusedError, type TokenRefresher } from '../connections/access-token.ts';
import type { ConnectionTokens } from '../connections/connection.store.ts';
import { ProviderAuthorizationError, ProviderUnavailableError } from '../provider-errors.ts';

/** Garmin documents 24-hour access tokens; assumed when an answer leaves `expires_in` out. */
const DEFAULT_ACCESS_LIFETIME_S = 86_400;

/** The runner refused on Garmin's page, or Garmin refused the code: nothing to connect. */
export class GarminAuthorizationError extends ProviderAuthorizationError {
  override name = 'GarminAuthorizationError';
}

/**
 * Garmin's OAuth 2.0 with PKCE (S256), done by oauth4webapi: the verifier and its challenge, the checks
 * on the callback, the code exchange and the refresh (Garmin rotates refresh tokens: each refresh returns a
 * new one and the old one dies, which access-token.ts stores under a row lock). Garmin takes the client
 * credentials in the form body.
 */
export class GarminOAuth implements TokenRefresher {
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly authentication: oauth.ClientAuth;

  constructor(
    private readonly config: GarminConfig,
    private readonly options: { timeoutMs: number; clock: Clock },
  ) {
    this.server = { issuer: new URL(config.tokenUrl).origin, token_endpoint: config.tokenUrl };
    this.client = { client_id: config.clientId };
    this.authentication = oauth.ClientSecretPost(config.clientSecret);
  }

  newCodeVerifier(): string {
    return oauth.generateRandomCodeVerifier();
  }

  /** The consent page the runner's browser goes to; the verifier stays with us (oauth_state, encrypted). */
  async authorizationUrl(request: {
    state: string;
    redirectUri: string;
    codeVerifier: string;
  }): Promise<string> {
    const url = new URL(this.config.oauthConfirmUrl);
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      response_type: 'code',
      redirect_uri: request.redirectUri,
      state: request.state,
      code_challenge: await oauth.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /**
   * Checks the callback's parameters (`state` must be the one weekwise already accepted; an `error` means
   * the runner declined) and exchanges the code, proving with the verifier that we started this request.
   */
  async exchangeCode(request: {
    callback: URLSearchParams;
    state: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<ConnectionTokens> {
    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(this.server, this.client, request.callback, request.state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        throw new GarminAuthorizationError(`Garmin answered ${error.error}`);
      }
      throw new GarminAuthorizationError('Garmin sent back something weekwise cannot read');
    }
    const response = await this.send(() =>
      oauth.authorizationCodeGrantRequest(
        this.server,
        this.client,
        this.authentication,
        parameters,
        request.redirectUri,
        request.codeVerifier,
        this.requestOptions(),
      ),
    );
    try {
      return this.toTokens(await oauth.processAuthorizationCodeResponse(this.server, this.client, response));
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        throw new GarminAuthorizationError(`Garmin refused the authorisation code (${error.error})`);
      }
      throw error;
    }
  }

  /** TokenRefresher: a refused refresh token (revoked, rotated away) is RefreshRefusedError. */
  async refresh(refreshToken: string): Promise<ConnectionTokens> {
    const response = await this.send(() =>
      oauth.refreshTokenGrantRequest(
        this.server,
        this.client,
        this.authentication,
        refreshToken,
        this.requestOptions(),
      ),
    );
    try {
      const answer = await oauth.processRefreshTokenResponse(this.server, this.client, response);
      return this.toTokens(answer, refreshToken);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError && (error.status === 400 || error.status === 401)) {
        throw new RefreshRefusedError(`Garmin answered ${error.status} ${error.error}`);
      }
      throw error;
    }
  }

  /** Network failures, time-outs and 5xx are Garmin being unavailable: retried later, never fatal. */
  private async send(call: () => Promise<Response>): Promise<Response> {
    let response: Response;
    try {
      response = await call();
    } catch (error) {
      const reason = error instanceof Error ? error.name : String(error);
      throw new ProviderUnavailableError(`Garmin's token endpoint did not answer (${reason})`);
    }
    if (response.status >= 500) {
      throw new ProviderUnavailableError(`Garmin's token endpoint answered ${response.status}`);
    }
    return response;
  }

  private requestOptions(): oauth.TokenEndpointRequestOptions {
    const url = new URL(this.config.tokenUrl);
    // Plain http only to a local emulator: a token endpoint elsewhere must be https.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return {
      signal: AbortSignal.timeout(this.options.timeoutMs),
      [oauth.allowInsecureRequests]: url.protocol === 'http:' && loopback,
    };
  }

  private toTokens(answer: oauth.TokenEndpointResponse, previousRefreshToken?: string): ConnectionTokens {
    const refreshToken = answer.refresh_token ?? previousRefreshToken;
    if (!refreshToken) throw new GarminAuthorizationError('Garmin issued no refresh token');
    const lifetimeS = answer.expires_in ?? DEFAULT_ACCESS_LIFETIME_S;
    return {
      accessToken: answer.access_token,
      refreshToken,
      expiresAt: new Date(this.options.clock.now().getTime() + lifetimeS * 1000),
    };
  }
}
