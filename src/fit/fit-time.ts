import { type FitMessage, readTime } from './fit-message.ts';

/** 1989-12-31T00:00:00Z, the zero of FIT timestamps. */
export const FIT_EPOCH_MS = 631_065_600_000;

/**
 * FIT: a date_time below 0x10000000 counts seconds since the device was switched on, not since the FIT
 * epoch — a watch whose clock was never set (no GPS fix, footpod run) writes such times (they decode to
 * 1990–1998).
 */
export const FIRST_CALENDAR_TIME_MS = FIT_EPOCH_MS + 0x10000000 * 1000;

/** Files from a watch whose clock ran ahead: anything later than this is not a real time. */
const FUTURE_TOLERANCE_MS = 2 * 86_400_000;

const MAX_UTC_OFFSET_S = 14 * 3600;
const UTC_OFFSET_STEP_S = 15 * 60;

export function isDeviceRelativeTime(timeMs: number): boolean {
  return timeMs < FIRST_CALENDAR_TIME_MS;
}

export function isInTheFuture(timeMs: number, nowMs: number): boolean {
  return timeMs > nowMs + FUTURE_TOLERANCE_MS;
}

/**
 * Local time minus UTC from an `activity` message (local_timestamp − timestamp), rounded to the quarter
 * hour: some watches (fenix 3 HR) write a local time a few tens of seconds off their UTC time. Null when
 * absent or beyond ±14 h (Zwift writes a local_timestamp of 1989-12-31).
 */
export function readUtcOffsetSeconds(activity: FitMessage | undefined): number | null {
  const utc = readTime(activity, 'timestamp');
  const local = readTime(activity, 'local_timestamp');
  if (Number.isNaN(utc) || Number.isNaN(local)) return null;
  const offset = Math.round((local - utc) / 1000 / UTC_OFFSET_STEP_S) * UTC_OFFSET_STEP_S;
  return Math.abs(offset) <= MAX_UTC_OFFSET_S ? offset + 0 : null;
}

/**
 * How far the activity's local time is from its UTC time, in seconds; null when either is absent or the
 * local time is not a calendar time (Zwift writes 1989-12-31: "not set", not a time zone).
 */
export function localTimeApartSeconds(activity: FitMessage | undefined): number | null {
  const utc = readTime(activity, 'timestamp');
  const local = readTime(activity, 'local_timestamp');
  if (Number.isNaN(utc) || Number.isNaN(local) || isDeviceRelativeTime(local)) return null;
  return (local - utc) / 1000;
}

/** "about 3 years ahead of", "5 days behind", for a warning. */
export function describeApart(seconds: number): string {
  const days = Math.abs(seconds) / 86_400;
  const size =
    days >= 730
      ? `about ${Math.round(days / 365)} years`
      : days >= 2
        ? `${Math.round(days)} days`
        : `${Math.round(Math.abs(seconds) / 3600)} h`;
  return `${size} ${seconds > 0 ? 'ahead of' : 'behind'}`;
}

export function formatInstant(timeMs: number): string {
  return Number.isFinite(timeMs) && Math.abs(timeMs) < 8.64e15
    ? new Date(timeMs).toISOString()
    : String(timeMs);
}
