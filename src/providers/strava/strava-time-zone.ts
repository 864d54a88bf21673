import { isValidTimeZone } from '../../domain/local-time.ts';

/** Zones span UTC−12 to UTC+14: an offset beyond is a bug in the data, not a place. */
export const MAX_UTC_OFFSET_S = 14 * 3600;

/**
 * The IANA zone in Strava's "(GMT+01:00) Europe/Paris" (a bare "Europe/Paris" is read too), in its
 * usual case; null when there is none or Intl does not know it. The "(GMT+01:00)" part is the
 * zone's standard offset, not the one in force: the offset of an activity comes from `utc_offset`.
 */
export function parseStravaTimeZone(timezone: string | null): string | null {
  if (!timezone) return null;
  const match = /^\s*(?:\(GMT[+-]\d{1,2}:\d{2}\)\s*)?([A-Za-z][\w+-]*(?:\/[\w+-]+)*)\s*$/.exec(timezone);
  const name = match?.[1];
  if (!name || !isValidTimeZone(name)) return null;
  // Intl accepts any case but answers with ICU's spelling, which for some zones is a retired name
  // (Asia/Calcutta for Asia/Kolkata): only its case is taken.
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === name.toLowerCase() ? canonical : name;
}

/**
 * Local time minus UTC at the start, in whole seconds: Strava's `utc_offset` when it is a real one, else
 * the difference between start_date_local and start_date when that is; null when neither is (the zone,
 * or the athlete's, then decides). `warn` hears why an offset was dropped.
 */
export function stravaUtcOffsetSeconds(
  activity: { utc_offset?: number | null; start_date: Date; start_date_local?: Date | null },
  warn: (message: string) => void,
): number | null {
  const given = activity.utc_offset;
  if (given !== null && given !== undefined) {
    if (isPlausibleOffset(given)) return Math.round(given);
    warn(`utc_offset ${given} s is beyond ±14 h: ignored`);
  }
  if (!activity.start_date_local) return null;
  const derived = (activity.start_date_local.getTime() - activity.start_date.getTime()) / 1000;
  if (isPlausibleOffset(derived)) return Math.round(derived);
  warn(`start_date_local is ${derived} s from start_date, beyond ±14 h: no offset`);
  return null;
}

function isPlausibleOffset(seconds: number): boolean {
  return Number.isFinite(seconds) && Math.abs(seconds) <= MAX_UTC_OFFSET_S;
}
