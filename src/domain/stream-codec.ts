import type { ActivityStreams, StreamType } from './activity.ts';

/**
 * Streams are stored one row per activity and type, packed as little-endian float32: 4 bytes a sample,
 * NaN for "no value". float32 keeps 1-second resolution for 190 days of offsets and sub-metre distance
 * for 16,000 km: far beyond any activity.
 */
export function encodeStream(values: Float64Array): Uint8Array<ArrayBuffer> {
  const packed = new Float32Array(values.length);
  packed.set(values);
  if (isLittleEndianHost) return new Uint8Array(packed.buffer);
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index]!, true);
  return new Uint8Array(view.buffer);
}

export function decodeStream(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`stream of ${bytes.byteLength} bytes is not float32 data`);
  const count = bytes.byteLength / 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(count);
  for (let index = 0; index < count; index++) values[index] = view.getFloat32(index * 4, true);
  return values;
}

const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Our stream names, in the order they are stored. */
export const STREAM_FIELDS: ReadonlyArray<[StreamType, keyof ActivityStreams]> = [
  ['time', 'timeS'],
  ['heart_rate', 'heartRate'],
  ['distance', 'distanceM'],
  ['speed', 'speedMps'],
  ['altitude', 'altitudeM'],
  ['cadence', 'cadence'],
];

export interface EncodedStream {
  type: StreamType;
  sampleCount: number;
  data: Uint8Array<ArrayBuffer>;
}

export function encodeStreams(streams: ActivityStreams): EncodedStream[] {
  const encoded: EncodedStream[] = [];
  for (const [type, field] of STREAM_FIELDS) {
    const values = streams[field];
    if (values) encoded.push({ type, sampleCount: values.length, data: encodeStream(values) });
  }
  return encoded;
}

export function decodeStreams(
  rows: ReadonlyArray<{ type: StreamType; data: Uint8Array }>,
): ActivityStreams | null {
  const byType = new Map(rows.map((row) => [row.type, decodeStream(row.data)]));
  const timeS = byType.get('time');
  if (!timeS) return null;
  const streams: ActivityStreams = { timeS };
  for (const [type, field] of STREAM_FIELDS) {
    const values = byType.get(type);
    if (values && field !== 'timeS') streams[field] = values;
  }
  return streams;
}
