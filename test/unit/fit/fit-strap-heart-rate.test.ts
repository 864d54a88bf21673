import { describe, expect, it } from 'vitest';
import { expandHeartBeats, mergeStrapHeartBeats } from '../../../src/fit/fit-strap-heart-rate.ts';

const anchor = new Date('2017-06-13T13:31:55Z');

describe('expandHeartBeats', () => {
  it('places beats relative to the anchor message (timestamp + event_timestamp)', () => {
    const beats = expandHeartBeats([
      { timestamp: anchor, fractionalTimestamp: 0.5, eventTimestamp: [1000], filteredBpm: [76] },
      { eventTimestamp: [1000.75, 1001.5], filteredBpm: [78, 80] },
    ])!;
    const base = anchor.getTime() + 500;
    expect(Array.from(beats.timesMs)).toEqual([base, base + 750, base + 1500]);
    expect(Array.from(beats.bpm)).toEqual([76, 78, 80]);
  });

  it('ignores beats before any anchor and messages whose arrays disagree', () => {
    expect(expandHeartBeats([{ eventTimestamp: [1, 2], filteredBpm: [70, 71] }])).toBeNull();
    const beats = expandHeartBeats([
      { timestamp: anchor, eventTimestamp: [10], filteredBpm: [70] },
      { eventTimestamp: [11, 12], filteredBpm: [71] },
    ])!;
    expect(beats.bpm.length).toBe(1);
  });

  it('puts beats in time order, their heart rates with them, when a later anchor places them earlier', () => {
    const beats = expandHeartBeats([
      { timestamp: anchor, eventTimestamp: [100], filteredBpm: [70] },
      { eventTimestamp: [101], filteredBpm: [71] },
      // Re-anchored 10 s before the first anchor (a section stored out of order).
      { timestamp: new Date(anchor.getTime() - 10_000), eventTimestamp: [200], filteredBpm: [60] },
      { eventTimestamp: [201], filteredBpm: [61] },
    ])!;
    const base = anchor.getTime();
    expect(Array.from(beats.timesMs)).toEqual([base - 10_000, base - 9000, base, base + 1000]);
    expect(Array.from(beats.bpm)).toEqual([60, 61, 70, 71]);
  });
});

describe('mergeStrapHeartBeats', () => {
  it('gives each sample the mean of the beats since the previous sample, and carries a recent beat over', () => {
    const t0 = anchor.getTime();
    const samples = Float64Array.from([t0, t0 + 1000, t0 + 2000, t0 + 9000]);
    const heartRate = new Float64Array(4).fill(Number.NaN);
    const merged = mergeStrapHeartBeats(samples, heartRate, {
      timesMs: Float64Array.from([t0 - 500, t0 + 300, t0 + 700, t0 + 1500, t0 + 1600]),
      bpm: Float64Array.from([100, 110, 120, 0, 130]),
    });
    // Sample 2 gets 130 (0 bpm is dropped); sample 3 is 7 s after the last beat: nothing carried over.
    expect(Array.from(heartRate)).toEqual([100, 115, 130, Number.NaN]);
    expect(merged).toBe(3);
  });
});
