import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import {
  consumeOAuthState,
  createOAuthState,
  OAUTH_STATE_LIFETIME_MS,
} from '../../src/providers/oauth/oauth-state.store.ts';
import { TokenSigner } from '../../src/security/signed-token.ts';
import { TokenCipher } from '../../src/security/token-cipher.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable } from '../support/services.ts';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('OAuth state (single-use, expiring, signed)', () => {
  const stack = useScratchStack();
  const key = randomBytes(32);
  const services = { signer: new TokenSigner(key), cipher: new TokenCipher(key) };
  const now = new Date('2026-11-22T08:00:00Z');
  let athleteId = '';

  beforeAll(async () => {
    athleteId = (await findOrCreateAthlete(stack.database.prisma, 'state@weekwise.test')).id;
  });

  it('is accepted once, with its PKCE verifier, and refused when replayed', async () => {
    const state = await createOAuthState(stack.database.pool, services, {
      provider: 'garmin',
      athleteId,
      codeVerifier: 'verifier-123',
      now,
    });
    const { rows } = await stack.database.pool.query('SELECT code_verifier_enc FROM oauth_state');
    expect(JSON.stringify(rows)).not.toContain('verifier-123');
    await expect(consumeOAuthState(stack.database.pool, services, 'garmin', state, now)).resolves.toEqual({
      athleteId,
      codeVerifier: 'verifier-123',
    });
    await expect(consumeOAuthState(stack.database.pool, services, 'garmin', state, now)).rejects.toThrow(
      /already used/,
    );
  });

  it('is refused after it expires, for another provider, or when forged', async () => {
    const state = await createOAuthState(stack.database.pool, services, {
      provider: 'strava',
      athleteId,
      now,
    });
    const later = new Date(now.getTime() + OAUTH_STATE_LIFETIME_MS + 1000);
    await expect(consumeOAuthState(stack.database.pool, services, 'garmin', state, now)).rejects.toThrow(
      /not issued by weekwise/,
    );
    await expect(consumeOAuthState(stack.database.pool, services, 'strava', state, later)).rejects.toThrow(
      /expired/,
    );
    const forged = new TokenSigner(randomBytes(32)).sign('oauth-state', { id: 'x', provider: 'strava' });
    await expect(consumeOAuthState(stack.database.pool, services, 'strava', forged, now)).rejects.toThrow(
      /not issued by weekwise/,
    );
  });

  it('lets exactly one of two simultaneous callbacks through', async () => {
    const state = await createOAuthState(stack.database.pool, services, {
      provider: 'strava',
      athleteId,
      now,
    });
    const results = await Promise.allSettled([
      consumeOAuthState(stack.database.pool, services, 'strava', state, now),
      consumeOAuthState(stack.database.pool, services, 'strava', state, now),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
