import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { recordIssuedSecret } from '../../support/test-run-log.ts';
import type { EmulatorClock } from '../emulator-clock.ts';

/** Garmin's documented lifetimes: access token 24 h, refresh token 90 days, authorization code 10 min. */
export const ACCESS_TOKEN_LIFETIME_S = 86_400;
export const REFRESH_TOKEN_LIFETIME_S = 7_776_000;
export const AUTHORIZATION_CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  permissions: readonly string[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  scope: string;
  jti: string;
}

/** An OAuth error as RFC 6749 §5.2 spells it, with the HTTP status Garmin's token endpoint answers. */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type',
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }

  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }

  toJson(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

interface IssuedCode extends AuthorizationRequest {
  issuedAtMs: number;
  used: boolean;
  /** Tokens issued with this code: revoked if the code is replayed (RFC 6749 §4.1.2). */
  issuedTokens: string[];
}

interface IssuedToken {
  userId: string;
  expiresAtMs: number;
  revoked: boolean;
  permissions: readonly string[];
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Authorization codes and tokens of the emulated Garmin OAuth 2.0 server. PKCE is really checked: the
 * code remembers the S256 challenge, and only the verifier that hashes to it gets tokens.
 */
export class GarminOAuthTokens {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();
  /** The newest access token of each user: Garmin puts it in every notification as `userAccessToken`. */
  private readonly latestAccessToken = new Map<string, string>();

  constructor(private readonly clock: EmulatorClock) {}

  issueCode(request: AuthorizationRequest): string {
    const code = randomBytes(24).toString('base64url');
    recordIssuedSecret(code);
    this.codes.set(code, { ...request, issuedAtMs: this.clock.nowMs(), used: false, issuedTokens: [] });
    return code;
  }

  exchangeCode(input: {
    clientId: string;
    code: string | undefined;
    codeVerifier: string | undefined;
    redirectUri: string | undefined;
  }): TokenResponse {
    if (!input.code) throw new OAuthError('invalid_request', 'code is required');
    const issued = this.codes.get(input.code);
    if (!issued) throw new OAuthError('invalid_grant', 'unknown authorization code');
    if (issued.used) {
      // A replayed code means it leaked: what it bought is revoked too.
      for (const token of issued.issuedTokens) this.revokeToken(token);
      throw new OAuthError('invalid_grant', 'authorization code already used');
    }
    if (this.clock.nowMs() - issued.issuedAtMs > AUTHORIZATION_CODE_LIFETIME_MS) {
      throw new OAuthError('invalid_grant', 'authorization code expired');
    }
    if (issued.clientId !== input.clientId) {
      throw new OAuthError('invalid_grant', 'authorization code was issued to another client');
    }
    if (input.redirectUri !== issued.redirectUri) {
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    }
    if (!input.codeVerifier || !VERIFIER_PATTERN.test(input.codeVerifier)) {
      throw new OAuthError('invalid_grant', 'code_verifier is missing or malformed');
    }
    if (challengeOf(input.codeVerifier) !== issued.codeChallenge) {
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    issued.used = true;
    const response = this.issueTokens(issued.userId, issued.permissions);
    issued.issuedTokens.push(response.access_token, response.refresh_token);
    return response;
  }

  /** Rotation: the presented refresh token stops working at once, a new pair is issued. */
  refresh(refreshToken: string | undefined): TokenResponse {
    if (!refreshToken) throw new OAuthError('invalid_request', 'refresh_token is required');
    const issued = this.refreshTokens.get(refreshToken);
    if (!issued || issued.revoked) throw new OAuthError('invalid_grant', 'unknown or revoked refresh token');
    if (this.clock.nowMs() >= issued.expiresAtMs)
      throw new OAuthError('invalid_grant', 'refresh token expired');
    this.refreshTokens.delete(refreshToken);
    return this.issueTokens(issued.userId, issued.permissions);
  }

  /** The user a Bearer token belongs to, or null when it is unknown, expired or revoked. */
  authenticate(accessToken: string): string | null {
    const issued = this.accessTokens.get(accessToken);
    if (!issued || issued.revoked || this.clock.nowMs() >= issued.expiresAtMs) return null;
    return issued.userId;
  }

  latestAccessTokenOf(userId: string): string | undefined {
    return this.latestAccessToken.get(userId);
  }

  /** Every access and refresh token ever issued to the user and still known (security tests look for them). */
  tokensOf(userId: string): string[] {
    const tokens: string[] = [];
    for (const map of [this.accessTokens, this.refreshTokens])
      for (const [token, issued] of map) if (issued.userId === userId) tokens.push(token);
    return tokens;
  }

  /** Every token of the user stops working (deregistration); the last one is still named in notifications. */
  revokeUser(userId: string): void {
    for (const issued of [...this.accessTokens.values(), ...this.refreshTokens.values()]) {
      if (issued.userId === userId) issued.revoked = true;
    }
  }

  /** Makes every access token (of one user, or of all) expired now, as if 24 h had passed for them. */
  expireAccessTokens(userId?: string): void {
    const now = this.clock.nowMs();
    for (const issued of this.accessTokens.values()) {
      if (userId === undefined || issued.userId === userId)
        issued.expiresAtMs = Math.min(issued.expiresAtMs, now);
    }
  }

  private issueTokens(userId: string, permissions: readonly string[]): TokenResponse {
    const now = this.clock.nowMs();
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    recordIssuedSecret(accessToken);
    recordIssuedSecret(refreshToken);
    this.accessTokens.set(accessToken, {
      userId,
      permissions,
      revoked: false,
      expiresAtMs: now + ACCESS_TOKEN_LIFETIME_S * 1000,
    });
    this.refreshTokens.set(refreshToken, {
      userId,
      permissions,
      revoked: false,
      expiresAtMs: now + REFRESH_TOKEN_LIFETIME_S * 1000,
    });
    this.latestAccessToken.set(userId, accessToken);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
      // Garmin has no OAuth scopes: the granted permissions stand in (read them from /user/permissions).
      scope: permissions.join(' '),
      jti: randomUUID(),
    };
  }

  private revokeToken(token: string): void {
    const issued = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
    if (issued) issued.revoked = true;
  }
}

/** S256: BASE64URL(SHA-256(ASCII(code_verifier))), RFC 7636 §4.2. */
export function challengeOf(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}
