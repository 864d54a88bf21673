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
