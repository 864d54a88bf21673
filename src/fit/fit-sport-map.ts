import type { Sport } from '../domain/sport.ts';

export interface MappedSport {
  sport: Sport;
  /** snake_case, or null when generic. */
  subSport: string | null;
}

type FitEnum = string | number | undefined;

/** Sub-sport names the FIT profile spells differently from ours. */
const SUB_SPORT_ALIASES: Readonly<Record<string, string>> = {
  virtual_activity: 'virtual',
  street: 'road',
  // An indoor run, like a treadmill run, has no GPS pace to judge.
  indoor_running: 'treadmill',
  spin: 'indoor_cycling',
};

const MOBILITY_SUB_SPORTS = new Set([
  'yoga',
  'pilates',
  'flexibility_training',
  'stretching',
  'breathing',
  'mobility',
]);
const STRENGTH_SUB_SPORTS = new Set(['strength_training']);

const SPORT_BY_FIT_SPORT: Readonly<Record<string, Sport>> = {
  running: 'running',
  cycling: 'cycling',
  e_biking: 'cycling',
  swimming: 'swimming',
  walking: 'walking',
  hiking: 'hiking',
  mountaineering: 'hiking',
  transition: 'transition',
  multisport: 'multisport',
  mobility: 'mobility',
};

/** Maps a FIT sport/sub_sport pair (profile names, or numbers the profile does not know) onto ours. */
export function mapFitSport(fitSport: FitEnum, fitSubSport: FitEnum): MappedSport {
  const sportName = typeof fitSport === 'string' ? fitSport : undefined;
  const subSport = normaliseSubSport(fitSubSport);
  if (sportName === 'training') return mapTraining(subSport);
  if (sportName === 'fitness_equipment') return mapFitnessEquipment(subSport);
  const sport = sportName ? SPORT_BY_FIT_SPORT[sportName] : undefined;
  if (sport)
    return {
      sport,
      subSport: sport === 'cycling' && sportName === 'e_biking' ? (subSport ?? 'e_bike') : subSport,
    };
  // Anything else (snorkeling, skiing, rowing, …) is `other`; its FIT name is kept as the sub-sport.
  if (sportName === undefined || sportName === 'generic' || sportName === 'all')
    return { sport: 'other', subSport };
  return { sport: 'other', subSport: subSport ?? sportName };
}

function mapTraining(subSport: string | null): MappedSport {
  if (subSport !== null && STRENGTH_SUB_SPORTS.has(subSport)) return { sport: 'strength', subSport: null };
  if (subSport !== null && MOBILITY_SUB_SPORTS.has(subSport)) return { sport: 'mobility', subSport };
  return { sport: 'other', subSport: subSport ?? 'training' };
}

// Older Garmin devices record gym machines as fitness_equipment with the machine as sub-sport.
function mapFitnessEquipment(subSport: string | null): MappedSport {
  if (subSport === 'treadmill') return { sport: 'running', subSport: 'treadmill' };
  if (subSport === 'indoor_cycling') return { sport: 'cycling', subSport: 'indoor_cycling' };
  if (subSport === 'indoor_walking') return { sport: 'walking', subSport: 'indoor_walking' };
  return { sport: 'other', subSport: subSport ?? 'fitness_equipment' };
}

function normaliseSubSport(fitSubSport: FitEnum): string | null {
  if (typeof fitSubSport !== 'string' || fitSubSport === 'generic' || fitSubSport === 'all') return null;
  return SUB_SPORT_ALIASES[fitSubSport] ?? fitSubSport;
}

/** Sports whose FIT cadence counts strides (one leg) rather than steps. */
export function countsStrides(sport: Sport): boolean {
  return sport === 'running' || sport === 'walking' || sport === 'hiking';
}
