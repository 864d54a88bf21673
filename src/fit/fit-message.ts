/**
 * One decoded FIT message as fit-file-parser gives it: snake_case field names, enums as profile names,
 * timestamps as Date, scaled numbers. Messages salvaged with the Garmin SDK are converted to this shape.
 */
export type FitMessage = Readonly<Record<string, unknown>>;

/** Everything the importer needs from one FIT section (or from all of them, merged). */
export interface FitContent {
  fileIds: FitMessage[];
  sessions: FitMessage[];
  records: FitMessage[];
  laps: FitMessage[];
  /** `activity` messages: they carry the local time, hence the UTC offset. */
  activities: FitMessage[];
  sports: FitMessage[];
  deviceInfos: FitMessage[];
  /** Number of `hr` messages (heart rate stored by a strap, e.g. during a swim). */
  hrMessageCount: number;
}

export function emptyFitContent(): FitContent {
  return {
    fileIds: [],
    sessions: [],
    records: [],
    laps: [],
    activities: [],
    sports: [],
    deviceInfos: [],
    hrMessageCount: 0,
  };
}

/** A finite number, else NaN (missing fields, strings, arrays). */
export function readNumber(message: FitMessage | undefined, field: string): number {
  const value = message?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

/** Milliseconds since the Unix epoch, else NaN. */
export function readTime(message: FitMessage | undefined, field: string): number {
  const value = message?.[field];
  return value instanceof Date ? value.getTime() : Number.NaN;
}

export function readString(message: FitMessage | undefined, field: string): string | undefined {
  const value = message?.[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Enum fields come as profile names; an id the profile does not know stays a number. */
export function readEnum(message: FitMessage | undefined, field: string): string | number | undefined {
  const value = message?.[field];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
