/** How figures read on the pages: one decimal for loads, a real minus sign, "–" for unknown. */
export function formatFigure(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits).replace('-', '−');
}

export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${Math.round(share * 100)}%`;
}

export function formatHours(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const minutes = Math.round(seconds / 60);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`
    : `${minutes} min`;
}

export function formatKilometres(metres: number | null): string {
  if (metres === null || !Number.isFinite(metres) || metres <= 0) return '–';
  return `${(metres / 1000).toFixed(1)} km`;
}

/** 2026-11-09 → "9 Nov 2026" (dates are the athlete's calendar dates: no time zone applies). */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function formatDateShort(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

const ALERT_TITLES: Record<string, string> = {
  low_form: 'Very low form',
  acwr_high: 'Load spike',
  high_monotony: 'Monotonous load',
  hard_days_cluster: 'Hard days packed',
  long_run_survival: 'Long run survival',
  heart_rate_at_pace_drift: 'Heart rate drift at pace',
};

export function alertTitle(code: string): string {
  return ALERT_TITLES[code] ?? code.replaceAll('_', ' ');
}

export function flagLabel(flag: string): string {
  return flag.replaceAll('_', ' ');
}
