import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Config } from '../../config/config.ts';
import type { Clock } from '../domain/clock.ts';
import { loadOrCreateLocalKey } from '../security/encryption-key.ts';
import { TokenSigner } from '../security/signed-token.ts';
import { TokenCipher } from '../security/token-cipher.ts';
import { GarminClient } from './garmin/garmin.client.ts';
import { GarminService } from './garmin/garmin.service.ts';
import { GarminOAuth } from './garmin/garmin-oauth.ts';
import { MemoryRateLimitGovernor } from './rate-limit/memory-rate-limit-governor.ts';
import type { RateLimitGovernor } from './rate-limit/rate-limit-governor.ts';
import { RedisRateLimitGovernor } from './rate-limit/redis-rate-limit-governor.ts';
import { StravaClient } from './strava/strava.client.ts';
import { StravaService } from './strava/strava.service.ts';

/** What jobs, the HTTP server and the CLI use to talk to providers; a provider without settings is null. */
export interface ProviderServices {
  cipher: TokenCipher;
  signer: TokenSigner;
  strava: StravaService | null;
  /** Garmin (issue 5); null without GARMIN_CLIENT_ID. Garmin publishes no rate limits: no governor. */
  garmin: GarminService | null;
  /** The governor of Strava's app-wide rate limit (null without Strava): the CLI shows what is left. */
  stravaGovernor: RateLimitGovernor | null;
}

/**
 * With Redis, every process of the deployment shares one rate-limit governor; without it (the embedded
 * default), this process is the only one and counts in memory.
 */
export function createProviderServices(deps: {
  config: Config;
  pool: pg.Pool;
  redis: Redis | null;
  clock: Clock;
}): ProviderServices {
  const { config, pool, redis, clock } = deps;
  const key = config.encryptionKey ?? loadOrCreateLocalKey(config.dataDir);
  const cipher = new TokenCipher(key);
  const signer = new TokenSigner(key);
  const garmin = config.garmin
    ? new GarminService(
        config.garmin,
        new GarminOAuth(config.garmin, { timeoutMs: config.providerTimeoutMs, clock }),
        new GarminClient(config.garmin, { timeoutMs: config.providerTimeoutMs }),
        { pool, cipher, clock },
      )
    : null;
  if (!config.strava) return { cipher, signer, strava: null, garmin, stravaGovernor: null };
  const governor: RateLimitGovernor = redis
    ? new RedisRateLimitGovernor(redis, {
        keyPrefix: config.queuePrefix,
        provider: 'strava',
        assumedLimits: config.strava.assumedLimits,
      })
    : new MemoryRateLimitGovernor({ provider: 'strava', assumedLimits: config.strava.assumedLimits });
  const client = new StravaClient(config.strava, governor, { timeoutMs: config.providerTimeoutMs, clock });
  return {
    cipher,
    signer,
    strava: new StravaService(client, { pool, cipher, clock }),
    garmin,
    stravaGovernor: governor,
  };
}
