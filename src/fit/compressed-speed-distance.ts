import type { FitMessage } from './fit-message.ts';

export interface ExpandedSpeedDistance {
  /** Per record index; NaN where the record has no compressed value. */
  speedMps: Float64Array;
  distanceM: Float64Array;
}

/**
 * Older Forerunners (FR70, footpod runs) pack speed and distance into the 3-byte `compressed_speed_distance`
 * record field, which fit-file-parser leaves as raw bytes. FIT profile components: speed = bits 0–11 / 100
 * m/s; distance = bits 12–23 / 16 m, a 12-bit counter that rolls over and accumulates across records.
 * Returns null when no record carries the field.
 */
export function expandCompressedSpeedDistance(records: readonly FitMessage[]): ExpandedSpeedDistance | null {
  let expanded: ExpandedSpeedDistance | null = null;
  let accumulated = 0;
  let lastRaw = 0;
  for (let index = 0; index < records.length; index++) {
    const bytes = records[index]!.compressed_speed_distance;
    if (!isThreeBytes(bytes)) continue;
    if (!expanded) {
      expanded = {
        speedMps: new Float64Array(records.length).fill(Number.NaN),
        distanceM: new Float64Array(records.length).fill(Number.NaN),
      };
    }
    const [low, middle, high] = bytes;
    const rawDistance = (middle >> 4) | (high << 4);
    accumulated += (rawDistance - lastRaw) & 0xfff;
    lastRaw = rawDistance;
    expanded.speedMps[index] = (low | ((middle & 0x0f) << 8)) / 100;
    expanded.distanceM[index] = accumulated / 16;
  }
  return expanded;
}

function isThreeBytes(value: unknown): value is [number, number, number] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((byte) => typeof byte === 'number' && Number.isInteger(byte) && byte >= 0 && byte <= 255)
  );
}
