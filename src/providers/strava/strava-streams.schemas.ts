import { z } from 'zod';
import { describeValue, parseWithSchema, StravaPayloadError } from './strava-payload-error.ts';

/**
 * The answer of GET /activities/{id}/streams, in either of its forms: keyed by type (key_by_type=true,
 * what weekwise asks for) or a list of `{type, data, …}`. Only the streams weekwise stores are read;
 * `moving` is asked for but not read (ActivityStreams has no place for it: stops show in the speed), and
 * `latlng`, `watts`, `temp`, `grade_smooth` are ignored.
 */
export const READ_STREAM_KEYS = [
  'time',
  'heartrate',
  'distance',
  'velocity_smooth',
  'altitude',
  'cadence',
] as const;
export type StravaStreamKey = (typeof READ_STREAM_KEYS)[number];

/** Samples by stream, index-aligned as Strava sends them; a null sample is NaN. `time` is ascending. */
export type StravaStreams = Partial<Record<StravaStreamKey, Float64Array>>;

/** Eleven days at one sample a second. More is not an activity weekwise can analyse: refused. */
export const MAX_STREAM_SAMPLES = 1_000_000;

/** `data` is checked for its length before anything walks it: a 10-million-sample list costs nothing. */
const samples = z
  .custom<unknown[]>((value) => Array.isArray(value), { error: 'is not a list' })
  .check(
    z.refine((data) => data.length <= MAX_STREAM_SAMPLES, {
      error: (issue) =>
        `has ${(issue.input as unknown[]).length} samples, more than the ${MAX_STREAM_SAMPLES} weekwise reads`,
    }),
  );

const stream = z.object({ data: samples });
const keyedStreams = z.record(z.string(), z.unknown());
const listedStreams = z
  .array(z.object({ type: z.string(), data: z.unknown() }))
  .max(100, { error: 'has more than 100 streams' });

export function parseStravaStreams(json: unknown, activityId?: string): StravaStreams {
  const subject = activityId ? `Strava streams of activity ${activityId}` : 'Strava streams';
  const byType = Array.isArray(json)
    ? keyListedStreams(json, subject)
    : parseWithSchema(keyedStreams, json, subject);
  const data: Partial<Record<StravaStreamKey, unknown[]>> = {};
  for (const key of READ_STREAM_KEYS) {
    if (byType[key] !== undefined)
      data[key] = parseWithSchema(stream, byType[key], `${subject}, ${key}`).data;
  }
  const streams: StravaStreams = {};
  for (const key of READ_STREAM_KEYS) {
    const values = data[key];
    if (values) streams[key] = toSamples(values, key, subject);
  }
  checkTime(streams, subject);
  return streams;
}

function keyListedStreams(json: unknown[], subject: string): Record<string, unknown> {
  const listed = parseWithSchema(listedStreams, json, subject);
  const byType: Record<string, unknown> = {};
  for (const { type, data } of listed) {
    if (type in byType) throw new StravaPayloadError(subject, [`the ${type} stream appears twice`]);
    byType[type] = { data };
  }
  return byType;
}

function toSamples(values: unknown[], key: StravaStreamKey, subject: string): Float64Array {
  const samples = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'number') samples[index] = value;
    else if (value === null) samples[index] = Number.NaN;
    else
      throw new StravaPayloadError(subject, [
        `${key} sample ${index} is ${describeValue(value)}, not a number`,
      ]);
  }
  return samples;
}

/** Every other stream is aligned on time: without it, or with a clock that goes back, none can be used. */
function checkTime(streams: StravaStreams, subject: string): void {
  const time = streams.time;
  if (!time) {
    const others = READ_STREAM_KEYS.filter((key) => streams[key]);
    if (others.length) {
      throw new StravaPayloadError(subject, [`no time stream to align ${others.join(', ')} on`]);
    }
    return;
  }
  for (let index = 0; index < time.length; index++) {
    const value = time[index]!;
    if (!Number.isFinite(value)) throw new StravaPayloadError(subject, [`time sample ${index} is missing`]);
    if (index > 0 && value <= time[index - 1]!) {
      throw new StravaPayloadError(subject, [`time is not ascending at sample ${index}`]);
    }
  }
  if (time.length && time[0]! < 0) throw new StravaPayloadError(subject, ['time starts before the activity']);
}
