import { seededRandom } from '../../support/seeded-random.ts';
import type { EmulatedActivity } from './strava-model.ts';

/** The streams weekwise asks for; Strava leaves out the ones an activity does not have. */
export const STREAM_KEYS = [
  'time',
  'distance',
  'velocity_smooth',
  'heartrate',
  'altitude',
  'cadence',
  'moving',
] as const;
export type StreamKey = (typeof STREAM_KEYS)[number];

export type GeneratedStreams = Partial<Record<StreamKey, number[] | boolean[]>> & { time: number[] };

const RUNNING = new Set(['Run', 'TrailRun', 'VirtualRun']);

/** Which streams the activity has, without generating them (manual entries have none). */
export function availableStreams(activity: EmulatedActivity): StreamKey[] {
  if (activity.manual) return [];
  const keys: StreamKey[] = ['time', 'moving'];
  if (activity.distanceMeters > 0) keys.push('distance', 'velocity_smooth');
  if (activity.hasHeartRate) keys.push('heartrate');
  // Indoors there is no barometer track, except in Zwift-like apps that invent one.
  if (activity.distanceMeters > 0 && (!activity.trainer || activity.sportType === 'VirtualRun'))
    keys.push('altitude');
  if (activity.averageCadence !== null) keys.push('cadence');
  return keys;
}

/**
 * The hills of the altitude stream, known without generating it (the summary's elev_high/elev_low agree):
 * a sine of amplitude A climbs 2A per period, so the activity's elevation gain is spread over its periods.
 */
export function altitudeProfile(activity: EmulatedActivity): {
  base: number;
  amplitude: number;
  period: number;
} {
  const period = 900;
  const samples = Math.max(activity.movingSeconds, 1) + 1;
  return {
    base: 30 + (activity.streamSeed % 250),
    amplitude: activity.elevationGainMeters / (2 * Math.max(1, samples / period)),
    period,
  };
}

/**
 * 1 Hz samples agreeing with the summary: the distance stream ends at `distance`, the time stream at
 * `elapsed_time` (one pause in the middle), heart rate averages about `average_heartrate` and peaks at
 * `max_heartrate`, run cadence is per leg around `average_cadence`. Generated on demand from the activity's
 * seed (a thousand activities cost nothing until their streams are asked for), and identical every time.
 */
export function generateStreams(activity: EmulatedActivity): GeneratedStreams | null {
  const keys = availableStreams(activity);
  if (keys.length === 0) return null;
  const random = seededRandom(activity.streamSeed);
  const noise = (amplitude: number) => (random() - 0.5) * 2 * amplitude;
  const samples = Math.max(activity.movingSeconds, 1) + 1;
  const pauseSeconds = activity.elapsedSeconds - activity.movingSeconds;
  const pauseAfter = Math.floor(samples / 2);

  const time = Array.from({ length: samples }, (_, index) =>
    index > pauseAfter ? index + pauseSeconds : index,
  );
  const moving = time.map((_, index) => !(index === 0 || (pauseSeconds > 0 && index === pauseAfter + 1)));
  const streams: GeneratedStreams = { time, moving };

  if (keys.includes('distance')) {
    const phase = random() * Math.PI * 2;
    const raw = time.map((_, index) => {
      if (index === 0) return 0;
      const warmUp = Math.min(1, 0.6 + index / 150);
      return Math.max(0.2, warmUp * (1 + 0.06 * Math.sin(phase + index / 95) + noise(0.03)));
    });
    const scale = activity.distanceMeters / raw.reduce((sum, value) => sum + value, 0);
    let covered = 0;
    const distance = raw.map((value) => {
      covered += value * scale;
      return round(covered, 1);
    });
    distance[distance.length - 1] = activity.distanceMeters;
    streams.distance = distance;
    streams.velocity_smooth = raw.map((_, index) => {
      const from = Math.max(0, index - 4);
      let sum = 0;
      for (let at = from; at <= index; at += 1) sum += raw[at]! * scale;
      return round(sum / (index - from + 1), 3);
    });
  }

  if (keys.includes('heartrate') && activity.averageHeartRate !== null && activity.maxHeartRate !== null) {
    const shape = time.map((_, index) => -30 * Math.exp(-index / 240) + (6 * index) / samples + noise(2));
    const mean = shape.reduce((sum, value) => sum + value, 0) / samples;
    const heartrate = shape.map((value) =>
      Math.round(Math.min(activity.maxHeartRate!, Math.max(60, activity.averageHeartRate! + value - mean))),
    );
    heartrate[Math.floor(samples * 0.85)] = Math.round(activity.maxHeartRate);
    streams.heartrate = heartrate;
  }

  if (keys.includes('altitude')) {
    const { base, amplitude, period } = altitudeProfile(activity);
    streams.altitude = time.map((_, index) =>
      round(base + amplitude * Math.sin((2 * Math.PI * index) / period) + noise(0.2), 1),
    );
  }

  if (keys.includes('cadence') && activity.averageCadence !== null) {
    // Strava stores run cadence per leg (strides per minute), half the steps per minute a watch shows.
    const spread = RUNNING.has(activity.sportType) ? 2 : 6;
    streams.cadence = moving.map((isMoving) =>
      isMoving ? Math.round(activity.averageCadence! + noise(spread)) : 0,
    );
  }

  return streams;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
