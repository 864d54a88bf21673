import {
  type ActivityMesg,
  type DeviceInfoMesg,
  Encoder,
  type EventMesg,
  type FileIdMesg,
  type LapMesg,
  Profile,
  type RecordMesg,
  type SessionMesg,
  type Types,
} from '@garmin/fitsdk';
import type { ImportedActivity } from '../domain/activity.ts';
import type { Sport } from '../domain/sport.ts';

export interface FitEncodeOptions {
  /** Default 'development' (255): the file says plainly it is not from a real watch. */
  manufacturer?: 'development' | 'garmin';
  /** Default 1. */
  product?: number;
  productName?: string;
  serialNumber?: number;
  /** A gap between samples longer than this is written as a timer stop/start (auto-pause). Default 10 s. */
  pauseGapS?: number;
  /**
   * Also write the 16-bit `speed` and `altitude` record fields that older readers look for. Default false,
   * as current Garmin watches do (and a quarter faster to encode).
   */
  legacyFields?: boolean;
}

/** Our sports in FIT's vocabulary; strength and mobility are FIT's `training` with a sub-sport. */
const FIT_SPORT: Record<Sport, Types.Sport> = {
  running: 'running',
  cycling: 'cycling',
  swimming: 'swimming',
  walking: 'walking',
  hiking: 'hiking',
  strength: 'training',
  mobility: 'training',
  multisport: 'multisport',
  transition: 'transition',
  other: 'generic',
};

const FIT_SUB_SPORT_BY_SPORT: Partial<Record<Sport, Types.SubSport>> = {
  strength: 'strengthTraining',
  mobility: 'flexibilityTraining',
};

/** Our snake_case sub-sports whose FIT name is not simply the camelCase of it. */
const FIT_SUB_SPORT_ALIASES: Record<string, string> = { virtual: 'virtualActivity' };

const KNOWN_SUB_SPORTS = new Set(Object.values(Profile.types.subSport as Record<string, string>));

function fitSubSport(sport: Sport, subSport: string | null): Types.SubSport {
  if (subSport === null) return FIT_SUB_SPORT_BY_SPORT[sport] ?? 'generic';
  // FIT calls a road run `street`; `road` is a cycling sub-sport.
  if (subSport === 'road' && sport === 'running') return 'street';
  const camel =
    FIT_SUB_SPORT_ALIASES[subSport] ??
    subSport.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return KNOWN_SUB_SPORTS.has(camel) ? (camel as Types.SubSport) : 'generic';
}

/** FIT timestamps are whole seconds. */
function wholeSecond(milliseconds: number): Date {
  return new Date(Math.round(milliseconds / 1000) * 1000);
}

const FIT_EPOCH_MS = Date.UTC(1989, 11, 31);

/**
 * Writes an activity as a FIT activity file: file_id, device_info, timer events (a stop/start pair per
 * pause), one record per sample, one lap, one session and the activity message. The SDK's Encoder takes
 * values in profile units (m, m/s, bpm) and applies each field's scale and offset itself. NaN samples are
 * left out of their record, as a watch does when a sensor drops.
 */
export function encodeActivityFit(activity: ImportedActivity, options: FitEncodeOptions = {}): Uint8Array {
  const manufacturer = options.manufacturer ?? 'development';
  const product = options.product ?? 1;
  const serialNumber = options.serialNumber ?? 1_234_567_890;
  const pauseGapS = options.pauseGapS ?? 10;
  const legacyFields = options.legacyFields ?? false;
  const startMs = wholeSecond(activity.startTime.getTime()).getTime();
  const start = new Date(startMs);
  const end = wholeSecond(startMs + activity.elapsedTimeS * 1000);
  const sport = FIT_SPORT[activity.sport];
  const subSport = fitSubSport(activity.sport, activity.subSport);
  const productName = options.productName ?? activity.device ?? undefined;

  const encoder = new Encoder();
  const fileId: FileIdMesg = {
    type: 'activity',
    manufacturer,
    product,
    serialNumber,
    timeCreated: start,
    ...(productName ? { productName } : {}),
  };
  encoder.onMesg(Profile.MesgNum.FILE_ID!, fileId);
  const deviceInfo: DeviceInfoMesg = {
    timestamp: start,
    deviceIndex: 'creator',
    manufacturer,
    product,
    serialNumber,
    softwareVersion: 1.0,
    ...(productName ? { productName } : {}),
  };
  encoder.onMesg(Profile.MesgNum.DEVICE_INFO!, deviceInfo);
  writeTimerEvent(encoder, start, 'start');

  const streams = activity.streams;
  let maxSpeed: number | undefined;
  let cadenceSum = 0;
  let cadenceCount = 0;
  if (streams) {
    const { timeS, heartRate, distanceM, speedMps, altitudeM, cadence } = streams;
    const perLegCadence = activity.sport === 'running';
    let previousTimestamp: Date | null = null;
    for (let index = 0; index < timeS.length; index++) {
      const timestamp = wholeSecond(startMs + timeS[index]! * 1000);
      if (previousTimestamp && timestamp.getTime() - previousTimestamp.getTime() > pauseGapS * 1000) {
        writeTimerEvent(encoder, previousTimestamp, 'stopAll');
        writeTimerEvent(encoder, timestamp, 'start');
      }
      previousTimestamp = timestamp;
      // Field order is fixed so that records with the same fields share one definition message.
      const record: RecordMesg = { timestamp };
      const hr = heartRate?.[index];
      if (hr !== undefined && !Number.isNaN(hr)) record.heartRate = Math.round(hr);
      const distance = distanceM?.[index];
      if (distance !== undefined && !Number.isNaN(distance)) record.distance = distance;
      const speed = speedMps?.[index];
      if (speed !== undefined && !Number.isNaN(speed)) {
        record.enhancedSpeed = speed;
        if (legacyFields) record.speed = speed;
        maxSpeed = maxSpeed === undefined ? speed : Math.max(maxSpeed, speed);
      }
      const altitude = altitudeM?.[index];
      if (altitude !== undefined && !Number.isNaN(altitude)) {
        record.enhancedAltitude = altitude;
        if (legacyFields) record.altitude = altitude;
      }
      const steps = cadence?.[index];
      if (steps !== undefined && !Number.isNaN(steps)) {
        // FIT running cadence counts one leg: strides per minute, the half step in fractional_cadence.
        const perLeg = perLegCadence ? steps / 2 : steps;
        record.cadence = Math.floor(perLeg);
        const fraction = perLeg - Math.floor(perLeg);
        if (fraction > 0) record.fractionalCadence = fraction;
        cadenceSum += perLeg;
        cadenceCount++;
      }
      encoder.onMesg(Profile.MesgNum.RECORD!, record);
    }
  }
  writeTimerEvent(encoder, end, 'stopAll');

  const timerTimeS = activity.movingTimeS ?? activity.elapsedTimeS;
  const totals: SessionMesg & LapMesg = {
    totalElapsedTime: activity.elapsedTimeS,
    totalTimerTime: timerTimeS,
  };
  if (activity.distanceM !== null) {
    totals.totalDistance = activity.distanceM;
    if (timerTimeS > 0) totals.enhancedAvgSpeed = activity.distanceM / timerTimeS;
  }
  if (maxSpeed !== undefined) totals.enhancedMaxSpeed = maxSpeed;
  if (activity.avgHeartRate !== null) totals.avgHeartRate = Math.round(activity.avgHeartRate);
  if (activity.maxHeartRate !== null) totals.maxHeartRate = Math.round(activity.maxHeartRate);
  if (cadenceCount > 0) totals.avgCadence = Math.round(cadenceSum / cadenceCount);

  const lap: LapMesg = {
    messageIndex: 0,
    timestamp: end,
    event: 'lap',
    eventType: 'stop',
    startTime: start,
    sport,
    subSport,
    lapTrigger: 'sessionEnd',
    ...totals,
  };
  encoder.onMesg(Profile.MesgNum.LAP!, lap);
  const session: SessionMesg = {
    messageIndex: 0,
    timestamp: end,
    event: 'session',
    eventType: 'stop',
    startTime: start,
    sport,
    subSport,
    firstLapIndex: 0,
    numLaps: 1,
    trigger: 'activityEnd',
    ...totals,
  };
  encoder.onMesg(Profile.MesgNum.SESSION!, session);
  const activityMesg: ActivityMesg = {
    timestamp: end,
    totalTimerTime: timerTimeS,
    numSessions: 1,
    type: 'manual',
    event: 'activity',
    eventType: 'stop',
  };
  if (activity.utcOffsetS !== null) {
    // local_timestamp is seconds since the FIT epoch on the local wall clock.
    activityMesg.localTimestamp = Math.round((end.getTime() - FIT_EPOCH_MS) / 1000) + activity.utcOffsetS;
  }
  encoder.onMesg(Profile.MesgNum.ACTIVITY!, activityMesg);
  return encoder.close();
}

function writeTimerEvent(encoder: Encoder, timestamp: Date, eventType: 'start' | 'stopAll'): void {
  const event: EventMesg = { timestamp, event: 'timer', eventType, eventGroup: 0 };
  encoder.onMesg(Profile.MesgNum.EVENT!, event);
}

/** Several FIT files back to back, each with its own header and CRC: what some devices and tools export. */
export function encodeChainedFit(parts: readonly Uint8Array[]): Uint8Array {
  const chained = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    chained.set(part, offset);
    offset += part.length;
  }
  return chained;
}
