import { seededRandom } from '../../support/seeded-random.ts';
import type { ActivityPlacement, ActivitySpec, EmulatedActivity, EmulatedAthlete } from './strava-model.ts';
import { assertTimeZone, localHour } from './time-zones.ts';

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/** Mostly runs, as a runner's Strava looks, with the other sports weekwise must recognise and set aside. */
const SPORT_MIX: Array<[sportType: string, share: number]> = [
  ['Run', 0.7],
  ['TrailRun', 0.1],
  ['VirtualRun', 0.07],
  ['Ride', 0.08],
  ['WeightTraining', 0.05],
];

const WATCHES = [
  'Garmin Forerunner 965',
  'Garmin fēnix 7',
  'COROS PACE 3',
  'Apple Watch Series 9',
  'Polar Pacer Pro',
];

const SPORT_WORDS: Record<string, string> = {
  Run: 'Run',
  TrailRun: 'Trail Run',
  VirtualRun: 'Virtual Run',
  Ride: 'Ride',
  WeightTraining: 'Weight Training',
};

/** The generated values of one sport before a spec overrides them. */
interface SportShape {
  distanceMeters: number;
  paceSecondsPerKilometer: number;
  /** For sports without distance. */
  durationSeconds: number;
  elevationGainMeters: number;
  heartRateShare: number;
  heartRate: [low: number, high: number];
  cadence: [low: number, high: number] | null;
  deviceName: string;
  workoutType: number | null;
}

/**
 * Builds activities with varied, plausible values — deterministic for a given seed and call order.
 * Whatever a spec pins down is kept, and the rest is derived to agree with it (a given distance gets a
 * moving time at a plausible pace, a manual entry gets no heart rate and no device).
 */
export class ActivityFactory {
  private readonly random: () => number;
  private nextId: number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
    // Strava's ids are 64-bit and long past 2^31; they grow with upload time.
    this.nextId = 14_000_000_000 + Math.floor(this.random() * 1_000_000);
  }

  /** Start times for `count` activities, oldest first. */
  placeStarts(count: number, placement: ActivityPlacement, now: Date): Date[] {
    const to = (placement.to ?? new Date(now.getTime() - HOUR_MS)).getTime();
    if (placement.everyHours !== undefined) {
      if (!(placement.everyHours > 0)) throw new Error('Strava emulator: everyHours must be positive');
      return Array.from(
        { length: count },
        (_, index) => new Date(to - (count - 1 - index) * placement.everyHours! * HOUR_MS),
      );
    }
    const from = (placement.from ?? new Date(to - 180 * DAY_MS)).getTime();
    if (from > to) throw new Error('Strava emulator: placement.from is after placement.to');
    const spacing = (to - from) / Math.max(count, 1);
    return Array.from({ length: count }, (_, index) => {
      const jitter = (this.random() - 0.5) * 0.6; // keeps the order: at most 30 % of a slot either way
      return new Date(Math.round(from + (index + 0.5 + jitter) * spacing));
    });
  }

  build(athlete: EmulatedAthlete, spec: ActivitySpec, defaultStart: Date): EmulatedActivity {
    const sportType = spec.sportType ?? this.pickSport();
    const manual = spec.manual ?? this.random() < 0.03;
    const trainer =
      spec.trainer ?? (sportType === 'VirtualRun' || (sportType === 'Run' && this.random() < 0.05));
    const shape = this.shapeOf(sportType, trainer);
    const distanceMeters = round(spec.distanceMeters ?? shape.distanceMeters, 1);
    const movingSeconds = Math.round(
      spec.movingSeconds ??
        (distanceMeters > 0
          ? (distanceMeters / 1000) * shape.paceSecondsPerKilometer
          : shape.durationSeconds),
    );
    const pauses = manual ? 0 : Math.round(movingSeconds * this.between(0, 0.08));
    const elapsedSeconds = Math.max(spec.elapsedSeconds ?? movingSeconds + pauses, movingSeconds);
    const hasHeartRate = spec.hasHeartRate ?? (!manual && this.random() < shape.heartRateShare);
    const averageHeartRate = hasHeartRate
      ? (spec.averageHeartRate ?? round(this.between(...shape.heartRate), 1))
      : null;
    const maxHeartRate = hasHeartRate
      ? (spec.maxHeartRate ?? Math.min(205, Math.round((averageHeartRate ?? 150) + this.between(8, 25))))
      : null;
    const startDate = spec.startDate ?? defaultStart;
    const timeZone = spec.timeZone ?? athlete.timeZone;
    assertTimeZone(timeZone);
    if (spec.id !== undefined && spec.id > this.nextId) this.nextId = spec.id; // generated ids stay unique
    const id = spec.id ?? this.takeId();
    return {
      id,
      athleteId: athlete.id,
      name: spec.name ?? `${dayPart(localHour(timeZone, startDate))} ${SPORT_WORDS[sportType] ?? sportType}`,
      sportType,
      startDate,
      timeZone,
      movingSeconds,
      elapsedSeconds,
      distanceMeters,
      elevationGainMeters: round(spec.elevationGainMeters ?? shape.elevationGainMeters, 1),
      hasHeartRate,
      averageHeartRate,
      maxHeartRate,
      averageCadence:
        spec.averageCadence ??
        (manual || shape.cadence === null ? null : round(this.between(...shape.cadence), 1)),
      manual,
      trainer,
      commute: spec.commute ?? false,
      private: spec.private ?? this.random() < 0.1,
      deviceName: spec.deviceName !== undefined ? spec.deviceName : manual ? null : shape.deviceName,
      workoutType: spec.workoutType !== undefined ? spec.workoutType : shape.workoutType,
      streamSeed: Math.floor(this.random() * 2 ** 32),
    };
  }

  private shapeOf(sportType: string, trainer: boolean): SportShape {
    const watch = WATCHES[Math.floor(this.random() * WATCHES.length)]!;
    switch (sportType) {
      case 'TrailRun':
        return {
          distanceMeters: this.between(8000, 30000),
          paceSecondsPerKilometer: this.between(360, 540),
          durationSeconds: 0,
          elevationGainMeters: this.between(300, 1500),
          heartRateShare: 0.9,
          heartRate: [135, 160],
          cadence: [78, 88],
          deviceName: watch,
          workoutType: this.runWorkoutType(),
        };
      case 'VirtualRun':
        return {
          distanceMeters: this.between(5000, 12000),
          paceSecondsPerKilometer: this.between(270, 360),
          durationSeconds: 0,
          elevationGainMeters: this.between(0, 60),
          heartRateShare: 0.9,
          heartRate: [140, 165],
          cadence: [82, 92],
          deviceName: 'Zwift',
          workoutType: 0,
        };
      case 'Ride':
        return {
          distanceMeters: this.between(20000, 90000),
          paceSecondsPerKilometer: 3600 / this.between(22, 32),
          durationSeconds: 0,
          elevationGainMeters: trainer ? 0 : this.between(50, 1200),
          heartRateShare: 0.9,
          heartRate: [120, 150],
          cadence: [75, 95],
          deviceName: 'Garmin Edge 840',
          workoutType: 10,
        };
      case 'WeightTraining':
        return {
          distanceMeters: 0,
          paceSecondsPerKilometer: 0,
          durationSeconds: this.between(1800, 3600),
          elevationGainMeters: 0,
          heartRateShare: 0.6,
          heartRate: [95, 125],
          cadence: null,
          deviceName: watch,
          workoutType: null,
        };
      default: {
        const distanceMeters = 5000 + 16000 * this.random() ** 1.6; // most runs 5–12 km, a few long ones
        return {
          distanceMeters,
          paceSecondsPerKilometer: this.between(270, 390),
          durationSeconds: this.between(1800, 3600),
          elevationGainMeters: trainer ? 0 : this.between(10, 180),
          heartRateShare: 0.9,
          heartRate: [135, 165],
          cadence: [80, 92],
          deviceName: watch,
          workoutType: distanceMeters > 16000 ? 2 : this.runWorkoutType(),
        };
      }
    }
  }

  /** Strava's run workout types: 0 default, 1 race, 2 long run, 3 workout. */
  private runWorkoutType(): number {
    const roll = this.random();
    return roll < 0.05 ? 1 : roll < 0.2 ? 3 : 0;
  }

  private pickSport(): string {
    let roll = this.random();
    for (const [sportType, share] of SPORT_MIX) {
      if (roll < share) return sportType;
      roll -= share;
    }
    return 'Run';
  }

  private between(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  private takeId(): number {
    this.nextId += 1 + Math.floor(this.random() * 40);
    return this.nextId;
  }
}

/** Strava's default names: "Morning Run", "Lunch Ride"… from the local start hour. */
function dayPart(hour: number): string {
  if (hour < 5) return 'Night';
  if (hour < 11) return 'Morning';
  if (hour < 14) return 'Lunch';
  if (hour < 18) return 'Afternoon';
  if (hour < 21) return 'Evening';
  return 'Night';
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
