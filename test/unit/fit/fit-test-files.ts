import { FitBaseType, FitEncoder, type FitEncoderField } from 'fit-file-parser';

/** FIT profile numbers used by the synthetic files. */
export const FIT = {
  fileType: { settings: 2, activity: 4, workout: 5, course: 6 },
  sport: { generic: 0, running: 1, cycling: 2, transition: 3, swimming: 5, training: 10, walking: 11 },
  subSport: { generic: 0, treadmill: 1, trail: 3, strengthTraining: 20, yoga: 43, virtualActivity: 58 },
  manufacturer: { garmin: 1 },
  garminProduct: { fenix5: 2697 },
} as const;

export interface RecordSpec {
  time: Date;
  heartRate?: number;
  distanceM?: number;
  speedMps?: number;
  altitudeM?: number;
  cadence?: number;
  fractionalCadence?: number;
}

export interface SessionSpec {
  start: Date;
  elapsedS: number;
  timerS?: number;
  distanceM?: number;
  sport: number;
  subSport?: number;
  avgHeartRate?: number;
  maxHeartRate?: number;
  /** The session message's own timestamp (its end); defaults to start + elapsed. */
  end?: Date;
}

export interface FitFileSpec {
  fileType?: number;
  manufacturer?: number;
  product?: number;
  sports?: Array<{ sport: number; subSport?: number }>;
  records?: RecordSpec[];
  sessions?: SessionSpec[];
  /** Sessions written before the records ("summary first"). */
  sessionsFirst?: boolean;
  activity?: { time: Date; localTime?: Date };
}

const uint8 = (number: number, value: number): FitEncoderField => ({
  number,
  size: 1,
  baseType: FitBaseType.Uint8,
  value,
});
const enumField = (number: number, value: number): FitEncoderField => ({
  number,
  size: 1,
  baseType: FitBaseType.Enum,
  value,
});
const uint16 = (number: number, value: number): FitEncoderField => ({
  number,
  size: 2,
  baseType: FitBaseType.Uint16,
  value,
});
const uint32 = (number: number, value: number): FitEncoderField => ({
  number,
  size: 4,
  baseType: FitBaseType.Uint32,
  value,
});
const time = (number: number, date: Date): FitEncoderField => uint32(number, FitEncoder.toFitTimestamp(date));

/** Encodes a small, valid FIT file (header, messages, CRCs) with fit-file-parser's encoder. */
export function encodeFitFile(spec: FitFileSpec): Uint8Array {
  const encoder = new FitEncoder();
  const created = spec.records?.[0]?.time ?? spec.sessions?.[0]?.start ?? new Date('2024-01-01T00:00:00Z');
  encoder.writeMessage(0, [
    enumField(0, spec.fileType ?? FIT.fileType.activity),
    uint16(1, spec.manufacturer ?? FIT.manufacturer.garmin),
    uint16(2, spec.product ?? FIT.garminProduct.fenix5),
    time(4, created),
  ]);
  for (const sport of spec.sports ?? [])
    encoder.writeMessage(12, [enumField(0, sport.sport), enumField(1, sport.subSport ?? 0)]);
  if (spec.sessionsFirst) writeSessions(encoder, spec.sessions ?? []);
  for (const record of spec.records ?? []) encoder.writeMessage(20, recordFields(record));
  if (!spec.sessionsFirst) writeSessions(encoder, spec.sessions ?? []);
  if (spec.activity) {
    const fields = [time(253, spec.activity.time), uint16(1, spec.sessions?.length ?? 0)];
    if (spec.activity.localTime) fields.push(time(5, spec.activity.localTime));
    encoder.writeMessage(34, fields);
  }
  return encoder.close();
}

function recordFields(record: RecordSpec): FitEncoderField[] {
  const fields = [time(253, record.time)];
  if (record.heartRate !== undefined) fields.push(uint8(3, record.heartRate));
  if (record.distanceM !== undefined) fields.push(uint32(5, Math.round(record.distanceM * 100)));
  if (record.speedMps !== undefined) fields.push(uint16(6, Math.round(record.speedMps * 1000)));
  if (record.altitudeM !== undefined) fields.push(uint16(2, Math.round((record.altitudeM + 500) * 5)));
  if (record.cadence !== undefined) fields.push(uint8(4, record.cadence));
  if (record.fractionalCadence !== undefined)
    fields.push(uint8(53, Math.round(record.fractionalCadence * 128)));
  return fields;
}

function writeSessions(encoder: FitEncoder, sessions: readonly SessionSpec[]): void {
  for (const session of sessions) {
    const end = session.end ?? new Date(session.start.getTime() + session.elapsedS * 1000);
    const fields = [
      time(253, end),
      time(2, session.start),
      uint32(7, Math.round(session.elapsedS * 1000)),
      enumField(5, session.sport),
      enumField(6, session.subSport ?? 0),
    ];
    if (session.timerS !== undefined) fields.push(uint32(8, Math.round(session.timerS * 1000)));
    if (session.distanceM !== undefined) fields.push(uint32(9, Math.round(session.distanceM * 100)));
    if (session.avgHeartRate !== undefined) fields.push(uint8(16, session.avgHeartRate));
    if (session.maxHeartRate !== undefined) fields.push(uint8(17, session.maxHeartRate));
    encoder.writeMessage(18, fields);
  }
}

/** A run of `count` one-second records starting at `start`. */
export function steadyRun(
  start: Date,
  count: number,
  overrides: (index: number) => Partial<RecordSpec> = () => ({}),
): RecordSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    time: new Date(start.getTime() + index * 1000),
    heartRate: 140,
    distanceM: index * 3,
    speedMps: 3,
    altitudeM: 100,
    cadence: 85,
    ...overrides(index),
  }));
}
