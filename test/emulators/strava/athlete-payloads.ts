import { fromTemplate, type StravaTemplates } from './strava-fixture-templates.ts';
import type { EmulatedAthlete } from './strava-model.ts';
import { stravaTimestamp } from './time-zones.ts';

/** Strava's picture for athletes who never uploaded one. */
const DEFAULT_PROFILE = { profile_medium: 'avatar/athlete/medium.png', profile: 'avatar/athlete/large.png' };

function identity(athlete: EmulatedAthlete): Record<string, unknown> {
  return {
    id: athlete.id,
    username: `${athlete.firstname}${athlete.lastname}`.toLowerCase().replace(/[^a-z]/g, ''),
    firstname: athlete.firstname,
    lastname: athlete.lastname,
    city: null,
    state: null,
    country: null,
    created_at: stravaTimestamp(athlete.createdAt),
    updated_at: stravaTimestamp(athlete.createdAt),
    ...DEFAULT_PROFILE,
  };
}

/** The summary athlete inside a token exchange answer (recorded: resource_state 2). */
export function summaryAthletePayload(templates: StravaTemplates, athlete: EmulatedAthlete): object {
  const recorded = templates.tokenExchange.athlete as Record<string, unknown>;
  return fromTemplate(recorded, identity(athlete));
}

/** GET /athlete: the detailed athlete, without the recorded athlete's clubs, shoes and followers. */
export function detailedAthletePayload(templates: StravaTemplates, athlete: EmulatedAthlete): object {
  return fromTemplate(templates.detailedAthlete, {
    ...identity(athlete),
    bio: null,
    weight: null,
    follower_count: 0,
    friend_count: 0,
    clubs: [],
    postable_clubs_count: 0,
    bikes: [],
    shoes: [],
    measurement_preference: 'meters',
    date_preference: '%d/%m/%Y',
  });
}
