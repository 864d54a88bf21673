/**
 * How Strava describes where an activity happened in time: `utc_offset` is the offset in force at the start
 * (DST included), while the `timezone` label carries the zone's standard offset — the recorded run of
 * 18 October in New York says "(GMT-05:00) America/New_York" with utc_offset -14400.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a readable error for a zone Intl does not know, before any activity is built with it. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`Strava emulator: unknown time zone "${timeZone}"`);
  }
}

/** The zone's offset from UTC at `instant`, in seconds (east positive), from Intl's tz database. */
export function utcOffsetSeconds(timeZone: string, instant: Date): number {
  const name = formatterFor(timeZone)
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name ?? '');
  if (!match) throw new Error(`Strava emulator: cannot read the offset of ${timeZone} ("${name}")`);
  if (!match[1]) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3] ?? 0) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

/** Strava's label, e.g. "(GMT+01:00) Europe/Paris" — standard time all year round. */
export function stravaTimeZoneLabel(timeZone: string, instant: Date): string {
  const year = instant.getUTCFullYear();
  // Daylight saving only ever adds time, so the standard offset is the smaller of winter's and summer's.
  const standard = Math.min(
    utcOffsetSeconds(timeZone, new Date(Date.UTC(year, 0, 1))),
    utcOffsetSeconds(timeZone, new Date(Date.UTC(year, 6, 1))),
  );
  const sign = standard < 0 ? '-' : '+';
  const minutes = Math.abs(standard) / 60;
  const hours = String(Math.floor(minutes / 60)).padStart(2, '0');
  return `(GMT${sign}${hours}:${String(minutes % 60).padStart(2, '0')}) ${timeZone}`;
}

/** Strava's timestamp format: seconds precision, always a `Z` (even on the local wall-clock time). */
export function stravaTimestamp(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** `start_date_local`: the wall-clock time in the zone, written as if it were UTC (Strava's quirk). */
export function stravaLocalTimestamp(timeZone: string, instant: Date): string {
  return stravaTimestamp(new Date(instant.getTime() + utcOffsetSeconds(timeZone, instant) * 1000));
}

/** The local hour of day at `instant` (for names like "Morning Run"). */
export function localHour(timeZone: string, instant: Date): number {
  return new Date(instant.getTime() + utcOffsetSeconds(timeZone, instant) * 1000).getUTCHours();
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}
