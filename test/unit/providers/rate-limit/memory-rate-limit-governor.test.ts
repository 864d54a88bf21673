import { describe, expect, it } from 'vitest';
import { MemoryRateLimitGovernor } from '../../../../src/providers/rate-limit/memory-rate-limit-governor.ts';
import { describeGovernorBehaviour, grants } from './governor-behaviour.ts';

describeGovernorBehaviour('MemoryRateLimitGovernor', (options) => new MemoryRateLimitGovernor(options), 300);

describe('MemoryRateLimitGovernor', () => {
  it('keeps separate counts per governor (one per provider)', async () => {
    const limits = { overall: { fifteenMinutes: 2, daily: 10 }, read: { fifteenMinutes: 2, daily: 10 } };
    const strava = new MemoryRateLimitGovernor({ provider: 'strava', assumedLimits: limits });
    const garmin = new MemoryRateLimitGovernor({ provider: 'garmin', assumedLimits: limits });
    const now = new Date('2026-07-14T10:05:00Z');
    expect(await grants(strava, 'read', now, 3)).toBe(2);
    expect(await grants(garmin, 'read', now, 3)).toBe(2);
  });

  it('forgets windows long ended, and still counts the ones it needs', async () => {
    const limits = { overall: { fifteenMinutes: 1, daily: 1000 }, read: { fifteenMinutes: 1, daily: 1000 } };
    const governor = new MemoryRateLimitGovernor({ provider: 'strava', assumedLimits: limits });
    for (let quarter = 0; quarter < 4 * 24 * 10; quarter++) {
      const now = new Date(Date.parse('2026-07-01T00:00:00Z') + quarter * 900_000);
      expect(await grants(governor, 'read', now, 2)).toBe(1);
    }
    // Ten days of windows: only the live ones (and the previous, for late answers) are kept.
    const counters = (governor as unknown as { counters: Map<string, unknown> }).counters;
    expect(counters.size).toBeLessThanOrEqual(8);
  });
});
