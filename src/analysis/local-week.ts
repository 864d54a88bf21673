import { zoneOffsetSeconds } from '../domain/local-time.ts';
import type { IsoWeekday, LocalDate } from './types.ts';

/**
 * Civil-date arithmetic. Weeks are cut on local calendar dates, never on UTC instants or fixed 7 × 24 h
 * spans: a daylight-saving week has 167 or 169 hours and still holds seven dates.
 */
const MS_PER_DAY = 86_400_000;
const ZERO = 48;
const DASH = 45;

function digit(text: string, index: number): number {
  const value = text.charCodeAt(index) - ZERO;
  return value >= 0 && value <= 9 ? value : Number.NaN;
}

/**
 * Days since 1970-01-01 of a civil date. Parsed by hand (this runs for every activity in every window):
 * the proleptic-Gregorian day count of Hinnant's `days_from_civil`, no Date object, no regular expression.
 */
export function epochDay(date: LocalDate): number {
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  if (
    date.length !== 10 ||
    date.charCodeAt(4) !== DASH ||
    date.charCodeAt(7) !== DASH ||
    !(month >= 1 && month <= 12 && day >= 1 && day <= 31)
  ) {
    throw new Error(`not a YYYY-MM-DD date: ${date}`);
  }
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The civil date of a day count: Hinnant's `civil_from_days`, the inverse of epochDay (no Date object). */
export function dateFromEpochDay(day: number): LocalDate {
  const shiftedDay = day + 719_468;
  const era = Math.floor(shiftedDay / 146_097);
  const dayOfEra = shiftedDay - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateFromEpochDay(epochDay(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDay(to) - epochDay(from);
}

/** ISO weekday of a civil date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (((((epochDay(date) + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** The first date of the athlete's week containing `date`. */
export function weekStartOf(date: LocalDate, weekStartDay: IsoWeekday): LocalDate {
  const back = (isoWeekday(date) - weekStartDay + 7) % 7;
  return addDays(date, -back);
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: LocalDate, to: LocalDate): LocalDate[] {
  const first = epochDay(from);
  const last = epochDay(to);
  const dates: LocalDate[] = [];
  for (let day = first; day <= last; day++) dates.push(dateFromEpochDay(day));
  return dates;
}

/**
 * The local offset an activity is seen in: its own recorded offset first (a runner abroad runs on the
 * local date where they are), then the activity's zone, then the athlete's zone at that instant.
 */
export function localOffsetSeconds(
  startTime: Date,
  utcOffsetS: number | null,
  athleteTimeZone: string,
  activityTimeZone: string | null = null,
): number {
  if (utcOffsetS !== null) return utcOffsetS;
  return cachedZoneOffset(activityTimeZone ?? athleteTimeZone, startTime);
}

// Intl offset look-ups cost microseconds each; zones change offset only on quarter-hours (UTC), so one
// look-up per zone and quarter-hour serves every activity in it. Bounded so a long run cannot grow it.
const QUARTER_HOUR_MS = 900_000;
const offsetCache = new Map<string, number>();

function cachedZoneOffset(timeZone: string, instant: Date): number {
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size >= 100_000) offsetCache.clear();
    offset = zoneOffsetSeconds(timeZone, instant);
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The local calendar date of an instant seen at a given offset. */
export function localDateAt(instant: Date, offsetS: number): LocalDate {
  return new Date(instant.getTime() + offsetS * 1000).toISOString().slice(0, 10);
}
