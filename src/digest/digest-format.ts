import { isoWeekday, type LocalDate } from '../analysis/index.ts';

/**
 * How figures read in an email: "1 h 05 min", "10.2 km", "79%", "−9", "Tue 13 Oct". English only for
 * now; these are the only places a translation would have to touch besides the wording itself.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MINUS = '\u2212';

export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}

export function formatDistance(metres: number | null): string | null {
  if (metres === null || !Number.isFinite(metres) || metres <= 0) return null;
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A whole number with a real minus sign: "−9", "12". */
export function formatNumber(value: number): string {
  const rounded = Math.round(value);
  return rounded < 0 ? `${MINUS}${-rounded}` : String(rounded);
}

/** A change with its sign: "+2", "−5", "±0". */
export function formatChange(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '\u00b10';
  return rounded > 0 ? `+${rounded}` : `${MINUS}${-rounded}`;
}

export function formatRatio(value: number): string {
  return value.toFixed(2);
}

function parts(date: LocalDate): { year: number; month: string; day: number } {
  return {
    year: Number(date.slice(0, 4)),
    month: MONTHS[Number(date.slice(5, 7)) - 1]!,
    day: Number(date.slice(8, 10)),
  };
}

export function weekdayName(date: LocalDate): string {
  return WEEKDAYS[isoWeekday(date) - 1]!;
}

/** "Tue 13". */
export function formatShortDay(date: LocalDate): string {
  return `${weekdayName(date)} ${parts(date).day}`;
}

/** "Tue 13 Oct". */
export function formatDay(date: LocalDate): string {
  const { month, day } = parts(date);
  return `${weekdayName(date)} ${day} ${month}`;
}

/** "13 Oct". */
export function formatDayMonth(date: LocalDate): string {
  const { month, day } = parts(date);
  return `${day} ${month}`;
}

/** "9–15 Nov" (with `year`: "9–15 Nov 2026"), "28 Sep – 4 Oct", "29 Dec 2025 – 4 Jan 2026". */
export function formatWeekRange(start: LocalDate, end: LocalDate, options: { year?: boolean } = {}): string {
  const from = parts(start);
  const to = parts(end);
  if (from.year !== to.year)
    return `${from.day} ${from.month} ${from.year} \u2013 ${to.day} ${to.month} ${to.year}`;
  const year = options.year ? ` ${to.year}` : '';
  if (from.month !== to.month) return `${from.day} ${from.month} \u2013 ${to.day} ${to.month}${year}`;
  return `${from.day}\u2013${to.day} ${to.month}${year}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
