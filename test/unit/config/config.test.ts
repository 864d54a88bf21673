import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/config.ts';

const key = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('runs on the embedded default with nothing set', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.dataDir).toMatch(/\.weekwise$/);
    expect(config.defaultAthleteEmail).toBe('runner@weekwise.local');
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).http.trustedProxies).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,' }).http.trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
  });

  it('reads the webhook filters: Strava subscription id and Garmin token, both optional', () => {
    const providers = {
      STRAVA_CLIENT_ID: '4242',
      STRAVA_CLIENT_SECRET: 'strava-secret',
      STRAVA_WEBHOOK_VERIFY_TOKEN: 'verify-me-please',
      GARMIN_CLIENT_ID: 'garmin-client',
      GARMIN_CLIENT_SECRET: 'garmin-secret',
    };
    const unset = loadConfig({ ...providers, STRAVA_WEBHOOK_SUBSCRIPTION_ID: '', GARMIN_WEBHOOK_TOKEN: '' });
    expect(unset.strava?.webhookSubscriptionId).toBeUndefined();
    expect(unset.garmin?.webhookToken).toBeUndefined();
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    const set = loadConfig({
      ...providers,
      STRAVA_WEBHOOK_SUBSCRIPTION_ID: '131300',
      GARMIN_WEBHOOK_TOKEN: token,
    });
    expect(set.strava?.webhookSubscriptionId).toBe(131300);
    expect(set.garmin?.webhookToken).toBe(token);
    // The token travels in a query string: short or needing escapes is refused at start-up.
    expect(() => loadConfig({ ...providers, GARMIN_WEBHOOK_TOKEN: 'short' })).toThrow(/GARMIN_WEBHOOK_TOKEN/);
    expect(() => loadConfig({ ...providers, GARMIN_WEBHOOK_TOKEN: `${token}&x=1` })).toThrow(
      /GARMIN_WEBHOOK_TOKEN/,
    );
    expect(() => loadConfig({ ...providers, STRAVA_WEBHOOK_SUBSCRIPTION_ID: 'ours' })).toThrow(
      /STRAVA_WEBHOOK_SUBSCRIPTION_ID/,
    );
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).database.url).toBeNull();
  });

  it('reads a server setup', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u@db:5432/weekwise',
      REDIS_URL: 'redis://cache:6379',
      WEEKWISE_ENCRYPTION_KEY: key,
      DATABASE_POOL_SIZE: '4',
    });
    expect(config.database).toEqual({ url: 'postgresql://u@db:5432/weekwise', poolSize: 4 });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.encryptionKey).toEqual(Buffer.alloc(32, 7));
  });

  it('accepts a hex key', () => {
    expect(loadConfig({ WEEKWISE_ENCRYPTION_KEY: 'ab'.repeat(32) }).encryptionKey).toEqual(
      Buffer.alloc(32, 0xab),
    );
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: 'mysql://nope',
        REDIS_URL: 'http://nope',
        DATABASE_POOL_SIZE: 'many',
        LOG_LEVEL: 'loud',
        WEEKWISE_DEFAULT_ATHLETE: 'not-an-email',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'DATABASE_POOL_SIZE',
      'LOG_LEVEL',
      'WEEKWISE_DEFAULT_ATHLETE',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).toMatch(/^weekwise cannot start/);
  });

  it('requires an encryption key with a database server, and rejects a short one', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://db/weekwise' })).toThrow(
      /WEEKWISE_ENCRYPTION_KEY: required/,
    );
    expect(() => loadConfig({ WEEKWISE_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });
});
