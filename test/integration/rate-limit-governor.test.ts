import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../src/providers/rate-limit/rate-limit-governor.ts';
import { RedisRateLimitGovernor } from '../../src/providers/rate-limit/redis-rate-limit-governor.ts';
import { redisAvailable, scratchQueuePrefix, TEST_REDIS_URL } from '../support/services.ts';
import { describeGovernorBehaviour, grants } from '../unit/providers/rate-limit/governor-behaviour.ts';

const hasRedis = await redisAvailable();

describe.skipIf(!hasRedis)('RedisRateLimitGovernor (real Redis)', () => {
  const scratch = scratchQueuePrefix();
  const first = new Redis(TEST_REDIS_URL);
  const second = new Redis(TEST_REDIS_URL);
  let governors = 0;
  /** Each case gets its own key space under the scratch prefix: no history from another case. */
  const nextPrefix = () => `${scratch.prefix}:${++governors}`;

  afterAll(async () => {
    await scratch.clear();
    first.disconnect();
    second.disconnect();
  });

  describeGovernorBehaviour(
    'RedisRateLimitGovernor',
    (options) => new RedisRateLimitGovernor(first, { ...options, keyPrefix: nextPrefix() }),
    25,
  );

  const limits: RateLimits = {
    overall: { fifteenMinutes: 200, daily: 2000 },
    read: { fifteenMinutes: 20, daily: 1000 },
  };

  it('grants exactly the limit to 50 parallel reservations from two connections', async () => {
    const keyPrefix = nextPrefix();
    const options = { provider: 'strava', assumedLimits: limits, keyPrefix };
    const governors = [
      new RedisRateLimitGovernor(first, options),
      new RedisRateLimitGovernor(second, options),
    ];
    const now = new Date('2026-07-14T10:05:00Z');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => governors[index % 2]!.reserve('read', now)),
    );
    expect(answers.filter((answer) => answer.granted)).toHaveLength(20);
    expect(answers.filter((answer) => !answer.granted)).toHaveLength(30);
    const snapshot = await governors[1]!.snapshot(now);
    expect(snapshot.read.fifteenMinutes.used).toBe(20);
    expect(snapshot.overall.fifteenMinutes.used).toBe(20);
    expect(snapshot.overall.daily.used).toBe(20);
  });

  it('shares learned limits and usage between processes', async () => {
    const keyPrefix = nextPrefix();
    const options = { provider: 'strava', assumedLimits: limits, keyPrefix };
    const worker = new RedisRateLimitGovernor(first, options);
    const cli = new RedisRateLimitGovernor(second, options);
    const now = new Date('2026-07-14T10:05:00Z');
    await worker.observe(
      {
        limits: {
          overall: { fifteenMinutes: 600, daily: 30000 },
          read: { fifteenMinutes: 300, daily: 3000 },
        },
        usage: { overall: { fifteenMinutes: 590, daily: 700 }, read: { fifteenMinutes: 12, daily: 40 } },
      },
      now,
      200,
    );
    expect((await cli.snapshot(now)).overall.fifteenMinutes).toEqual({
      used: 590,
      limit: 600,
      resetsAt: new Date('2026-07-14T10:15:00Z'),
    });
    expect(await grants(cli, 'read', now, 20)).toBe(10);
  });

  it('keeps its keys under the prefix, named by provider, scope and window, expiring after the window', async () => {
    const keyPrefix = nextPrefix();
    const governor = new RedisRateLimitGovernor(first, {
      provider: 'strava',
      assumedLimits: limits,
      keyPrefix,
    });
    // The clock of the governor, not Redis's: the TTL runs from the governor's "now".
    const now = new Date('2026-07-14T10:05:00Z');
    await governor.reserve('read', now);
    const start = Date.parse('2026-07-14T10:00:00Z') / 1000;
    const key = `${keyPrefix}:ratelimit:strava:read:15m:${start}`;
    expect(await first.get(key)).toBe('1');
    const ttl = await first.pttl(key);
    // Ten minutes left in the window, plus the few minutes kept for late answers.
    expect(ttl).toBeGreaterThan(10 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 3 * 60_000);
    const dailyKey = `${keyPrefix}:ratelimit:strava:overall:daily:${Date.parse('2026-07-14T00:00:00Z') / 1000}`;
    expect(await first.get(dailyKey)).toBe('1');
    expect(await first.pttl(dailyKey)).toBeGreaterThan(13 * 3600_000);
  });
});
