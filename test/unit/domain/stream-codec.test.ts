import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeStream,
  decodeStreams,
  encodeStream,
  encodeStreams,
} from '../../../src/domain/stream-codec.ts';

describe('stream codec', () => {
  it('packs 4 bytes a sample and keeps NaN gaps', () => {
    const values = Float64Array.from([0, 1, Number.NaN, 150.5, 3600]);
    const bytes = encodeStream(values);
    expect(bytes.byteLength).toBe(20);
    const decoded = decodeStream(bytes);
    expect(Number.isNaN(decoded[2])).toBe(true);
    expect(Array.from(decoded).filter((_, index) => index !== 2)).toEqual([0, 1, 150.5, 3600]);
  });

  it('round-trips any sample within float32 precision', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 500 }),
        (samples) => {
          const decoded = decodeStream(encodeStream(Float64Array.from(samples)));
          expect(decoded.length).toBe(samples.length);
          samples.forEach((sample, index) => {
            expect(Math.abs(decoded[index]! - sample)).toBeLessThanOrEqual(Math.abs(sample) * 1e-7 + 1e-30);
          });
        },
      ),
    );
  });

  it('stores only the streams present and rebuilds them aligned on time', () => {
    const streams = { timeS: Float64Array.from([0, 1, 2]), heartRate: Float64Array.from([120, 121, 122]) };
    const encoded = encodeStreams(streams);
    expect(encoded.map((stream) => stream.type)).toEqual(['time', 'heart_rate']);
    const rebuilt = decodeStreams(encoded);
    expect(rebuilt?.heartRate).toEqual(streams.heartRate);
    expect(rebuilt?.speedMps).toBeUndefined();
    expect(decodeStreams(encoded.filter((stream) => stream.type !== 'time'))).toBeNull();
  });

  it('rejects bytes that are not float32 data', () => {
    expect(() => decodeStream(new Uint8Array(5))).toThrow(/not float32/);
  });
});
