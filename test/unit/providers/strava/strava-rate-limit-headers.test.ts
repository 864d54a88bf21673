import { describe, expect, it } from 'vitest';
import { parseStravaRateLimitHeaders } from '../../../../src/providers/strava/strava-rate-limit-headers.ts';

const full = {
  'x-ratelimit-limit': '200,2000',
  'x-ratelimit-usage': '31,1207',
  'x-readratelimit-limit': '100,1000',
  'x-readratelimit-usage': '12,640',
};

describe('parseStravaRateLimitHeaders', () => {
  it('reads the four headers into limits and usage per window', () => {
    expect(parseStravaRateLimitHeaders(full)).toEqual({
      limits: { overall: { fifteenMinutes: 200, daily: 2000 }, read: { fifteenMinutes: 100, daily: 1000 } },
      usage: { overall: { fifteenMinutes: 31, daily: 1207 }, read: { fifteenMinutes: 12, daily: 640 } },
    });
  });

  it('reads fetch/undici Headers and mixed-case plain objects alike', () => {
    const fetchHeaders = new Headers({
      'X-RateLimit-Limit': '600,30000',
      'X-RateLimit-Usage': '600,30000',
    });
    const plain = { 'X-Ratelimit-Limit': '600,30000', 'X-Ratelimit-Usage': ' 600 , 30000 ' };
    const expected = {
      limits: { overall: { fifteenMinutes: 600, daily: 30000 }, read: null },
      usage: { overall: { fifteenMinutes: 600, daily: 30000 }, read: null },
    };
    expect(parseStravaRateLimitHeaders(fetchHeaders)).toEqual(expected);
    expect(parseStravaRateLimitHeaders(plain)).toEqual(expected);
  });

  it.each([
    ['a single number', '200'],
    ['three numbers', '200,2000,3'],
    ['words', 'lots,many'],
    ['a negative', '-1,2000'],
    ['a fraction', '1.5,2000'],
    ['an absurd count', '99999999999,1'],
    ['an empty value', ''],
  ])('leaves a garbled header (%s) out and keeps the others', (_, value) => {
    const observation = parseStravaRateLimitHeaders({ ...full, 'x-ratelimit-usage': value });
    expect(observation?.usage.overall).toBeNull();
    expect(observation?.limits.overall).toEqual({ fifteenMinutes: 200, daily: 2000 });
  });

  it('refuses a limit of 0 (it would stop every request) but accepts a usage of 0', () => {
    const observation = parseStravaRateLimitHeaders({
      'x-ratelimit-limit': '0,2000',
      'x-ratelimit-usage': '0,0',
    });
    expect(observation).toEqual({
      limits: { overall: null, read: null },
      usage: { overall: { fifteenMinutes: 0, daily: 0 }, read: null },
    });
  });

  it('is null when no header can be read', () => {
    expect(parseStravaRateLimitHeaders({})).toBeNull();
    expect(parseStravaRateLimitHeaders(null)).toBeNull();
    expect(
      parseStravaRateLimitHeaders({ 'x-ratelimit-limit': 'garbage', 'content-type': 'application/json' }),
    ).toBeNull();
    expect(parseStravaRateLimitHeaders({ 'x-ratelimit-limit': ['200,2000', '100,1000'] })).toBeNull();
  });
});
