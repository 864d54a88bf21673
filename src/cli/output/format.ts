/** Formatting a runner reads at a glance: 1:02:03, 10.05 km, 5:12 /km. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const mmss = `${String(minutes).padStart(hours ? 2 : 1, '0')}:${String(rest).padStart(2, '0')}`;
  return hours ? `${hours}:${mmss}` : mmss;
}

export function formatDistance(metres: number | null): string {
  if (metres === null || !Number.isFinite(metres) || metres <= 0) return '–';
  return metres >= 1000 ? `${(metres / 1000).toFixed(2)} km` : `${Math.round(metres)} m`;
}

/** Local date and time of an ISO string with offset, without the seconds: 2026-03-29 07:30. */
export function formatLocalStart(localIso: string): string {
  return `${localIso.slice(0, 10)} ${localIso.slice(11, 16)}`;
}

/** An instant as UTC date and minute: 2026-03-29 05:30. */
export function formatUtcTime(instant: Date): string {
  return instant.toISOString().slice(0, 16).replace('T', ' ');
}
