import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRAVA_FIXTURES_DIR } from '../../support/shared-fixtures.ts';

type Json = Record<string, unknown>;

/**
 * The real recorded Strava payloads every response is built from (see ../shared/fixtures/api/strava/
 * MANIFEST.md). The emulator copies a template and overrides what differs per athlete or activity, so the
 * shapes, field names and the fields we do not emulate stay exactly as Strava sends them.
 */
export interface StravaTemplates {
  tokenExchange: Json;
  tokenRefresh: Json;
  invalidClient: Json;
  invalidCode: Json;
  authorizationError: Json;
  /** As recorded by strava-ruby-client (not the documented Fault shape: see the MANIFEST notes). */
  rateLimitExceeded: Json;
  deauthorize: Json;
  createdSubscription: Json;
  listedSubscription: Json;
  detailedAthlete: Json;
  summaryActivity: Json;
  detailedActivity: Json;
  /** One entry of a key_by_type=true stream set: `{data, series_type, original_size, resolution}`. */
  keyedStream: Json;
  /** One entry of the array form: the same plus `type`. */
  listedStream: Json;
}

const FILES = {
  tokenExchange: 'strava-ruby-client__token_authorization_code.json',
  tokenRefresh: 'strava-ruby-client__token_refresh_token.json',
  invalidClient: 'strava-ruby-client__token_invalid_client.json',
  invalidCode: 'strava-ruby-client__token_invalid_code.json',
  authorizationError: 'strava-ruby-client__authorization_error.json',
  rateLimitExceeded: 'strava-ruby-client__activity_with_ratelimit_exceeded.json',
  deauthorize: 'strava-ruby-client__deauthorize.json',
  createdSubscription: 'strava-ruby-client__create_push_subscription.json',
  listedSubscriptions: 'strava-ruby-client__push_subscriptions.json',
  detailedAthlete: 'strava-ruby-client__athlete.json',
  summaryActivity: 'strava-ruby-client__models__summary_activity.json',
  detailedActivity: 'strava-ruby-client__activity.json',
  keyedStreams: 'strava-ruby-client__activity_streams.json',
  listedStreams: 'elevate__sample_streams.fixture.json',
} as const;

export function loadStravaTemplates(directory: string = STRAVA_FIXTURES_DIR): StravaTemplates {
  const read = (name: string): unknown => {
    const path = join(directory, name);
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(
        `Strava emulator: cannot load the recorded payload ${path} (${(error as Error).message}); ` +
          'the shared fixtures are expected in ../shared beside the repository',
      );
    }
  };
  const keyedStreams = read(FILES.keyedStreams) as Record<string, Json>;
  const listedStreams = read(FILES.listedStreams) as Json[];
  const listedSubscriptions = read(FILES.listedSubscriptions) as Json[];
  return {
    tokenExchange: read(FILES.tokenExchange) as Json,
    tokenRefresh: read(FILES.tokenRefresh) as Json,
    invalidClient: read(FILES.invalidClient) as Json,
    invalidCode: read(FILES.invalidCode) as Json,
    authorizationError: read(FILES.authorizationError) as Json,
    rateLimitExceeded: read(FILES.rateLimitExceeded) as Json,
    deauthorize: read(FILES.deauthorize) as Json,
    createdSubscription: read(FILES.createdSubscription) as Json,
    listedSubscription: firstOf(listedSubscriptions, FILES.listedSubscriptions),
    detailedAthlete: read(FILES.detailedAthlete) as Json,
    summaryActivity: read(FILES.summaryActivity) as Json,
    detailedActivity: read(FILES.detailedActivity) as Json,
    keyedStream: firstOf(Object.values(keyedStreams), FILES.keyedStreams),
    listedStream: firstOf(listedStreams, FILES.listedStreams),
  };
}

function firstOf(items: Json[], file: string): Json {
  const first = items[0];
  if (!first) throw new Error(`Strava emulator: ${file} holds no entry to use as a template`);
  return first;
}

/** A deep copy of `template` with `overrides` on top and `omit` removed (fields this activity lacks). */
export function fromTemplate(template: Json, overrides: Json, omit: readonly string[] = []): Json {
  const copy: Json = { ...structuredClone(template), ...overrides };
  for (const key of omit) delete copy[key];
  return copy;
}
