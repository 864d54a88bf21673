import type { Sport } from '../../domain/sport.ts';

export interface MappedGarminSport {
  sport: Sport;
  /** snake_case as the FIT importer names it (src/fit/fit-sport-map.ts), or null when generic. */
  subSport: string | null;
}

/**
 * Garmin's activity types onto ours. Garmin writes the same recording to the FIT file it serves, so the
 * sub-sports use the FIT importer's names: a run from Garmin's summary and from its file are judged alike
 * (a treadmill run, indoor or not, has no GPS pace; FIT's `indoor_running` is `treadmill` too).
 */
const GARMIN_TYPES: ReadonlyMap<string, MappedGarminSport> = new Map(
  Object.entries({
    RUNNING: { sport: 'running', subSport: null },
    STREET_RUNNING: { sport: 'running', subSport: 'road' },
    TRAIL_RUNNING: { sport: 'running', subSport: 'trail' },
    TREADMILL_RUNNING: { sport: 'running', subSport: 'treadmill' },
    INDOOR_RUNNING: { sport: 'running', subSport: 'treadmill' },
    TRACK_RUNNING: { sport: 'running', subSport: 'track' },
    VIRTUAL_RUN: { sport: 'running', subSport: 'virtual' },
    ULTRA_RUN: { sport: 'running', subSport: 'ultra' },
    OBSTACLE_RUN: { sport: 'running', subSport: 'obstacle' },
    CYCLING: { sport: 'cycling', subSport: null },
    ROAD_BIKING: { sport: 'cycling', subSport: 'road' },
    MOUNTAIN_BIKING: { sport: 'cycling', subSport: 'mountain' },
    GRAVEL_CYCLING: { sport: 'cycling', subSport: 'gravel_cycling' },
    INDOOR_CYCLING: { sport: 'cycling', subSport: 'indoor_cycling' },
    VIRTUAL_RIDE: { sport: 'cycling', subSport: 'virtual' },
    CYCLOCROSS: { sport: 'cycling', subSport: 'cyclocross' },
    TRACK_CYCLING: { sport: 'cycling', subSport: 'track_cycling' },
    E_BIKE_FITNESS: { sport: 'cycling', subSport: 'e_bike' },
    E_BIKE_MOUNTAIN: { sport: 'cycling', subSport: 'e_bike' },
    SWIMMING: { sport: 'swimming', subSport: null },
    LAP_SWIMMING: { sport: 'swimming', subSport: 'lap_swimming' },
    OPEN_WATER_SWIMMING: { sport: 'swimming', subSport: 'open_water' },
    WALKING: { sport: 'walking', subSport: null },
    CASUAL_WALKING: { sport: 'walking', subSport: null },
    SPEED_WALKING: { sport: 'walking', subSport: null },
    HIKING: { sport: 'hiking', subSport: null },
    MOUNTAINEERING: { sport: 'hiking', subSport: null },
    STRENGTH_TRAINING: { sport: 'strength', subSport: null },
    YOGA: { sport: 'mobility', subSport: 'yoga' },
    PILATES: { sport: 'mobility', subSport: 'pilates' },
    BREATHWORK: { sport: 'mobility', subSport: 'breathing' },
    FLEXIBILITY_TRAINING: { sport: 'mobility', subSport: 'flexibility_training' },
    STRETCHING: { sport: 'mobility', subSport: 'stretching' },
    MULTI_SPORT: { sport: 'multisport', subSport: null },
    TRIATHLON: { sport: 'multisport', subSport: null },
    TRANSITION: { sport: 'transition', subSport: null },
  } satisfies Record<string, MappedGarminSport>),
);

export function mapGarminSport(activityType: string): MappedGarminSport {
  const name = activityType.trim().toUpperCase();
  const known = GARMIN_TYPES.get(name);
  if (known) return known;
  // Anything else (ROWING, SKATING, TENNIS, …) is `other`, its Garmin name kept as the sub-sport, as
  // the FIT importer keeps the FIT name.
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return { sport: 'other', subSport: words.length ? words.join('_').slice(0, 40) : null };
}
