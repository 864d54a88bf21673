const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local time minus UTC, in seconds, for an IANA zone at an instant (daylight-saving aware). */
export function zoneOffsetSeconds(timeZone: string, instant: Date): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone: UTC itself
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** ISO 8601 local time with its offset, e.g. 2026-03-29T07:30:00+02:00. */
export function formatLocalIso(instant: Date, offsetS: number): string {
  const local = new Date(instant.getTime() + offsetS * 1000).toISOString().slice(0, 19);
  const sign = offsetS < 0 ? '-' : '+';
  const absolute = Math.abs(offsetS);
  const hours = String(Math.floor(absolute / 3600)).padStart(2, '0');
  const minutes = String(Math.floor((absolute % 3600) / 60)).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

/** The offset to show an activity in: its own when the source recorded one, else its zone's, else the athlete's. */
export function activityOffsetSeconds(
  activity: { startTime: Date; utcOffsetS: number | null; timeZone?: string | null },
  athleteTimeZone: string,
): number {
  if (activity.utcOffsetS !== null) return activity.utcOffsetS;
  return zoneOffsetSeconds(activity.timeZone ?? athleteTimeZone, activity.startTime);
}

/**
 * The instant a zone's wall clock shows `date` at `time` ("HH:MM"). Daylight saving is why this takes two
 * looks: the offset is read at a first guess, then at the answer; a wall time that does not exist (the
 * hour skipped in spring) comes out one hour later, as a person would read it.
 */
export function instantOfLocalTime(date: string, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  const firstGuess = wall - zoneOffsetSeconds(timeZone, new Date(wall)) * 1000;
  const offset = zoneOffsetSeconds(timeZone, new Date(firstGuess));
  const candidate = wall - offset * 1000;
  return new Date(Math.max(candidate, firstGuess));
}
