/**
 * weekwise's own sport vocabulary. Providers and FIT files each name sports differently; every importer
 * maps its names onto these, so nothing outside `src/providers/<name>/` or `src/fit/` knows theirs.
 */
export const SPORTS = [
  'running',
  'cycling',
  'swimming',
  'walking',
  'hiking',
  'strength',
  'mobility',
  'multisport',
  'transition',
  'other',
] as const;
export type Sport = (typeof SPORTS)[number];

/** Sub-sports we keep distinct because they change how a run is judged (no GPS pace on a treadmill, …). */
export const RUNNING_SUB_SPORTS = ['road', 'trail', 'treadmill', 'track', 'virtual'] as const;

export function isRunning(sport: Sport): boolean {
  return sport === 'running';
}
