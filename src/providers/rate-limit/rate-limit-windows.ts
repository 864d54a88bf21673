/**
 * The windows providers count requests in. Strava's reset at :00, :15, :30 and :45 past each hour and at
 * midnight, all in UTC. JavaScript time has no leap seconds and its epoch is a UTC midnight, so both are
 * plain multiples of their length since the epoch.
 */
export type WindowKind = 'fifteenMinutes' | 'daily';

export interface TimeWindow {
  start: Date;
  /** The first instant of the next window (exclusive end). */
  end: Date;
}

export const QUARTER_HOUR_MS = 15 * 60_000;
export const DAY_MS = 24 * 60 * 60_000;

const LENGTH_MS: Readonly<Record<WindowKind, number>> = { fifteenMinutes: QUARTER_HOUR_MS, daily: DAY_MS };

export function quarterHourStart(now: Date): Date {
  return floorTo(now, QUARTER_HOUR_MS);
}

/** The next :00/:15/:30/:45 strictly after `now` (at 10:15:00.000 exactly, that is 10:30). */
export function nextQuarterHour(now: Date): Date {
  return new Date(quarterHourStart(now).getTime() + QUARTER_HOUR_MS);
}

export function utcDayStart(now: Date): Date {
  return floorTo(now, DAY_MS);
}

/** The next UTC midnight strictly after `now`. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(utcDayStart(now).getTime() + DAY_MS);
}

/** The window of this kind that contains `now`. */
export function windowAt(kind: WindowKind, now: Date): TimeWindow {
  const length = LENGTH_MS[kind];
  const start = floorTo(now, length);
  return { start, end: new Date(start.getTime() + length) };
}

/** The window just before the one containing `now`. */
export function previousWindow(kind: WindowKind, now: Date): TimeWindow {
  const current = windowAt(kind, now);
  return { start: new Date(current.start.getTime() - LENGTH_MS[kind]), end: current.start };
}

function floorTo(now: Date, lengthMs: number): Date {
  return new Date(Math.floor(now.getTime() / lengthMs) * lengthMs);
}
