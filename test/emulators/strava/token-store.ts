import { randomBytes } from 'node:crypto';
import { recordIssuedSecret } from '../../support/test-run-log.ts';
import type { EmulatorClock } from '../emulator-clock.ts';
import type { StravaScope } from './strava-model.ts';

/** Strava's access tokens live 6 hours; authorisation codes are short-lived and single-use. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 21_600;
export const AUTHORIZATION_CODE_LIFETIME_MS = 10 * 60_000;

export interface IssuedTokens {
  athleteId: number;
  scopes: StravaScope[];
  accessToken: string;
  refreshToken: string;
  /** Epoch seconds, on the emulator clock. */
  expiresAt: number;
}

export interface TokenOwner {
  athleteId: number;
  scopes: StravaScope[];
}

export type AccessCheck = { ok: true; owner: TokenOwner } | { ok: false; reason: 'unknown' | 'expired' };

interface AccessTokenRecord extends TokenOwner {
  expiresAtMs: number;
}

interface CodeRecord extends TokenOwner {
  expiresAtMs: number;
}

export interface TokenCounts {
  codesIssued: number;
  codesExchanged: number;
  codesRefused: number;
  refreshed: number;
  refreshRefused: number;
  revoked: number;
}

/**
 * The OAuth grants of the emulated app. One refresh token per athlete is current: with rotation (Strava's
 * behaviour that bites) each refresh issues a new refresh token and the previous one stops working at once,
 * so a client that loses the answer of a refresh is locked out until the runner connects again.
 */
export class TokenStore {
  rotateRefreshTokens: boolean;
  readonly counts: TokenCounts = {
    codesIssued: 0,
    codesExchanged: 0,
    codesRefused: 0,
    refreshed: 0,
    refreshRefused: 0,
    revoked: 0,
  };
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, TokenOwner>();

  constructor(
    private readonly clock: EmulatorClock,
    options: { rotateRefreshTokens: boolean },
  ) {
    this.rotateRefreshTokens = options.rotateRefreshTokens;
  }

  issueCode(owner: TokenOwner): string {
    const code = randomToken();
    this.codes.set(code, { ...owner, expiresAtMs: this.clock.nowMs() + AUTHORIZATION_CODE_LIFETIME_MS });
    this.counts.codesIssued += 1;
    return code;
  }

  /** Tokens for a code, or null when the code is unknown, already used or expired. */
  exchangeCode(code: string): IssuedTokens | null {
    const record = this.codes.get(code);
    this.codes.delete(code); // single-use, even when the attempt fails on expiry
    if (!record || record.expiresAtMs <= this.clock.nowMs()) {
      this.counts.codesRefused += 1;
      return null;
    }
    this.counts.codesExchanged += 1;
    // A new authorisation replaces the athlete's previous refresh token (it is the one grant of this app).
    this.forgetRefreshTokens(record.athleteId);
    const refreshToken = randomToken();
    this.refreshTokens.set(refreshToken, { athleteId: record.athleteId, scopes: record.scopes });
    return this.issueAccess({ athleteId: record.athleteId, scopes: record.scopes }, refreshToken);
  }

  /** New tokens for a current refresh token, or null when it is unknown, rotated away or revoked. */
  refresh(refreshToken: string): IssuedTokens | null {
    const owner = this.refreshTokens.get(refreshToken);
    if (!owner) {
      this.counts.refreshRefused += 1;
      return null;
    }
    this.counts.refreshed += 1;
    let current = refreshToken;
    if (this.rotateRefreshTokens) {
      this.refreshTokens.delete(refreshToken);
      current = randomToken();
      this.refreshTokens.set(current, owner);
    }
    return this.issueAccess(owner, current);
  }

  check(accessToken: string): AccessCheck {
    const record = this.accessTokens.get(accessToken);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.expiresAtMs <= this.clock.nowMs()) return { ok: false, reason: 'expired' };
    return { ok: true, owner: { athleteId: record.athleteId, scopes: record.scopes } };
  }

  /** Revokes every token and pending code of the athlete (deauthorisation). */
  revokeAthlete(athleteId: number): void {
    for (const [token, record] of this.accessTokens)
      if (record.athleteId === athleteId) this.accessTokens.delete(token);
    for (const [code, record] of this.codes) if (record.athleteId === athleteId) this.codes.delete(code);
    this.forgetRefreshTokens(athleteId);
    this.counts.revoked += 1;
  }

  /** Makes the current access tokens (of one athlete, or everyone's) expired, as if 6 hours had passed. */
  expireAccessTokens(athleteId?: number): void {
    const past = this.clock.nowMs() - 1000;
    for (const record of this.accessTokens.values()) {
      if (athleteId === undefined || record.athleteId === athleteId) record.expiresAtMs = past;
    }
  }

  /** For assertions: the athlete's current refresh token and live access tokens. */
  tokensOf(athleteId: number): { refreshToken: string | null; accessTokens: string[] } {
    const now = this.clock.nowMs();
    const refreshToken =
      [...this.refreshTokens].find(([, owner]) => owner.athleteId === athleteId)?.[0] ?? null;
    const accessTokens = [...this.accessTokens]
      .filter(([, record]) => record.athleteId === athleteId && record.expiresAtMs > now)
      .map(([token]) => token);
    return { refreshToken, accessTokens };
  }

  private issueAccess(owner: TokenOwner, refreshToken: string): IssuedTokens {
    const accessToken = randomToken();
    const expiresAtMs = this.clock.nowMs() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000;
    // Earlier access tokens keep working until they expire, as on Strava.
    this.accessTokens.set(accessToken, { ...owner, expiresAtMs });
    return { ...owner, accessToken, refreshToken, expiresAt: Math.floor(expiresAtMs / 1000) };
  }

  private forgetRefreshTokens(athleteId: number): void {
    for (const [token, owner] of this.refreshTokens)
      if (owner.athleteId === athleteId) this.refreshTokens.delete(token);
  }
}

/** 40 hex characters, like Strava's tokens and codes. */
function randomToken(): string {
  const token = randomBytes(20).toString('hex');
  recordIssuedSecret(token);
  return token;
}
