import type { Sport } from '../../domain/sport.ts';

export interface MappedStravaSport {
  sport: Sport;
  /** snake_case as the FIT importer names it (src/fit/fit-sport-map.ts), or null when generic. */
  subSport: string | null;
}

/**
 * Strava's sport types (and the older `type` values, a subset) onto ours. Sub-sports use the FIT
 * importer's names, so that the same run from a FIT file and from Strava is judged alike.
 */
const STRAVA_SPORTS: ReadonlyMap<string, MappedStravaSport> = new Map(
  Object.entries({
    Run: { sport: 'running', subSport: null },
    TrailRun: { sport: 'running', subSport: 'trail' },
    VirtualRun: { sport: 'running', subSport: 'virtual' },
    Ride: { sport: 'cycling', subSport: null },
    VirtualRide: { sport: 'cycling', subSport: 'virtual' },
    GravelRide: { sport: 'cycling', subSport: 'gravel_cycling' },
    MountainBikeRide: { sport: 'cycling', subSport: 'mountain' },
    EBikeRide: { sport: 'cycling', subSport: 'e_bike' },
    EMountainBikeRide: { sport: 'cycling', subSport: 'e_bike' },
    Swim: { sport: 'swimming', subSport: null },
    Walk: { sport: 'walking', subSport: null },
    Hike: { sport: 'hiking', subSport: null },
    WeightTraining: { sport: 'strength', subSport: null },
    Crossfit: { sport: 'strength', subSport: 'crossfit' },
    Yoga: { sport: 'mobility', subSport: 'yoga' },
    Pilates: { sport: 'mobility', subSport: 'pilates' },
  } satisfies Record<string, MappedStravaSport>),
);

/**
 * Strava has no treadmill sport: a treadmill run is a Run marked `trainer` (indoor), as an indoor ride is
 * a Ride on a trainer. Like FIT's `indoor_running`, it has no GPS pace to judge.
 */
const ON_A_TRAINER: ReadonlyMap<string, string> = new Map([
  ['Run', 'treadmill'],
  ['Ride', 'indoor_cycling'],
  ['Walk', 'indoor_walking'],
]);

export function mapStravaSport(sportType: string, trainer: boolean): MappedStravaSport {
  const indoor = trainer ? ON_A_TRAINER.get(sportType) : undefined;
  const known = STRAVA_SPORTS.get(sportType);
  if (known) return indoor ? { sport: known.sport, subSport: indoor } : known;
  // Anything else (AlpineSki, Rowing, Soccer, …) is `other`, its Strava name kept as the sub-sport,
  // as the FIT importer keeps the FIT name.
  return { sport: 'other', subSport: snakeCase(sportType) };
}

/** "AlpineSki" → "alpine_ski"; null when nothing readable is left. */
function snakeCase(name: string): string | null {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.length ? words.join('_').slice(0, 40) : null;
}
