/**
 * Wall-clock time in an IANA zone ↔ UTC, with Intl only (no date library). Synthetic sessions start at
 * 06:00–20:00 local, never inside a DST gap, so the two-pass offset lookup below is exact for them.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local time minus UTC at an instant, in seconds. */
export function utcOffsetSecondsAt(instant: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 1000);
}

export interface LocalDateTime {
  /** 'YYYY-MM-DD' */
  date: string;
  hour: number;
  minute: number;
  second: number;
}

/** The UTC instant of a local wall-clock time, and the zone's offset then. */
export function localTimeToUtc(
  local: LocalDateTime,
  timeZone: string,
): { instant: Date; utcOffsetS: number } {
  const [year, month, day] = parseLocalDate(local.date);
  const wallAsUtcMs = Date.UTC(year, month - 1, day, local.hour, local.minute, local.second);
  let offsetS = utcOffsetSecondsAt(new Date(wallAsUtcMs), timeZone);
  offsetS = utcOffsetSecondsAt(new Date(wallAsUtcMs - offsetS * 1000), timeZone);
  return { instant: new Date(wallAsUtcMs - offsetS * 1000), utcOffsetS: offsetS };
}

export function parseLocalDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`expected a YYYY-MM-DD date, got "${date}"`);
  const parts: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  if (check.getUTCMonth() !== parts[1] - 1 || check.getUTCDate() !== parts[2]) {
    throw new RangeError(`"${date}" is not a calendar date`);
  }
  return parts;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function isoWeekdayIndex(date: string): number {
  const [year, month, day] = parseLocalDate(date);
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** 'YYYY-MM-DD-HHMM' of an instant shifted by an offset: a sortable local stamp for file names. */
export function localStamp(instant: Date, utcOffsetS: number): string {
  const local = new Date(instant.getTime() + utcOffsetS * 1000).toISOString();
  return `${local.slice(0, 10)}-${local.slice(11, 13)}${local.slice(14, 16)}`;
}
