import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapStravaActivity } from '../../../../src/providers/strava/map-strava-activity.ts';
import { mapStravaStreams } from '../../../../src/providers/strava/map-strava-streams.ts';
import {
  parseStravaActivity,
  parseStravaActivityPage,
  parseStravaAthlete,
  parseStravaFault,
  parseStravaStreams,
  parseStravaSubscriptions,
  parseStravaToken,
  StravaPayloadError,
} from '../../../../src/providers/strava/strava.schemas.ts';
import { parseStravaRateLimitHeaders } from '../../../../src/providers/strava/strava-rate-limit-headers.ts';
import { STRAVA_FIXTURES_DIR, sharedFixturesAvailable } from '../../../support/shared-fixtures.ts';

/** What the first (or only) activity of a file must map to. */
interface ActivityOutline {
  externalId: string;
  sport: string;
  subSport: string | null;
  startTime: string;
  utcOffsetS: number;
  timeZone: string;
  manual?: boolean;
  hasHeartRate?: boolean;
}

/** What weekwise must make of each real Strava payload (see MANIFEST.md beside them). */
type Expectation =
  | { kind: 'activity'; outline: ActivityOutline }
  | { kind: 'page'; count: number; sports: string[]; first: ActivityOutline; wrappedTwice?: boolean }
  | { kind: 'streams'; samples: number; heartRate: [number, number] | null; streams: string[] }
  | { kind: 'unusable streams'; reason: RegExp }
  | { kind: 'token'; athleteId: string | null }
  | { kind: 'athlete'; id: string; name: string }
  | { kind: 'fault'; message: string }
  | { kind: 'subscriptions'; ids: string[] }
  | { kind: 'rate-limit cassette' }
  /** Not something weekwise reads: it must be refused as an activity, with a reason, never a crash. */
  | { kind: 'not an activity'; reason: RegExp };

const nycMarathon: ActivityOutline = {
  externalId: '1946417534',
  sport: 'running',
  subSport: null,
  // 2018-11-04 is the day New York left daylight saving: the race started on EST.
  startTime: '2018-11-04T14:53:46.000Z',
  utcOffsetS: -18000,
  timeZone: 'America/New_York',
  manual: false,
  hasHeartRate: true,
};

const EXPECTED: Record<string, Expectation> = {
  'elevate__sample_activities.fixture.json': {
    kind: 'page',
    wrappedTwice: true,
    count: 50,
    sports: ['cycling', 'hiking', 'other', 'running'],
    first: {
      externalId: '2208815246',
      sport: 'cycling',
      subSport: null,
      startTime: '2019-03-12T16:39:48.000Z',
      utcOffsetS: 3600,
      timeZone: 'Europe/Paris',
    },
  },
  'elevate__sample_activity.fixture.json': {
    kind: 'activity',
    // September in Paris: summer time, although Strava's label says GMT+01:00.
    outline: {
      externalId: '3122164560',
      sport: 'cycling',
      subSport: null,
      startTime: '2019-09-29T13:58:25.000Z',
      utcOffsetS: 7200,
      timeZone: 'Europe/Paris',
      hasHeartRate: true,
    },
  },
  'elevate__sample_streams.fixture.json': {
    kind: 'streams',
    samples: 78,
    heartRate: [71, 134],
    streams: ['timeS', 'heartRate', 'distanceM', 'speedMps', 'altitudeM', 'cadence'],
  },
  'strava-ruby-client__activity.json': { kind: 'activity', outline: nycMarathon },
  'strava-ruby-client__activity_laps.json': { kind: 'not an activity', reason: /sport_type is missing/ },
  'strava-ruby-client__activity_ride.json': {
    kind: 'activity',
    outline: {
      externalId: '7142833299',
      sport: 'cycling',
      subSport: 'indoor_cycling',
      startTime: '2022-05-14T18:21:19.000Z',
      utcOffsetS: -14400,
      timeZone: 'America/New_York',
    },
  },
  // Recorded with keys=distance only: nothing to align the distances on.
  'strava-ruby-client__activity_streams.json': {
    kind: 'unusable streams',
    reason: /no time stream to align distance on/,
  },
  'strava-ruby-client__activity_with_ratelimit_exceeded.json': {
    kind: 'fault',
    message: 'Too Many Requests',
  },
  'strava-ruby-client__activity_with_ratelimit_exceeded.yml': { kind: 'rate-limit cassette' },
  'strava-ruby-client__activity_zones.json': {
    kind: 'not an activity',
    reason: /id is missing/,
  },
  'strava-ruby-client__all_athlete_activities_latest.json': {
    kind: 'page',
    count: 1,
    sports: ['running'],
    first: {
      externalId: '16195505756',
      sport: 'running',
      subSport: null,
      startTime: '2025-10-19T20:00:00.000Z',
      utcOffsetS: -14400,
      timeZone: 'America/New_York',
    },
  },
  'strava-ruby-client__athlete.json': { kind: 'athlete', id: '26462176', name: 'Daniel Doubrovkine' },
  'strava-ruby-client__athlete_activities.json': {
    kind: 'page',
    count: 30,
    sports: ['running'],
    first: {
      externalId: '16181809559',
      sport: 'running',
      subSport: null,
      startTime: '2025-10-18T12:49:52.000Z',
      utcOffsetS: -14400,
      timeZone: 'America/New_York',
      manual: false,
      hasHeartRate: true,
    },
  },
  'strava-ruby-client__athlete_activities_december_2018.json': {
    kind: 'page',
    count: 7,
    sports: ['running'],
    first: {
      externalId: '1990081217',
      sport: 'running',
      subSport: null,
      startTime: '2018-11-28T20:11:32.000Z',
      utcOffsetS: -18000,
      timeZone: 'America/New_York',
    },
  },
  'strava-ruby-client__athlete_zones.json': { kind: 'not an activity', reason: /id is missing/ },
  'strava-ruby-client__authorization_error.json': { kind: 'fault', message: 'Authorization Error' },
  'strava-ruby-client__create_push_subscription.json': { kind: 'subscriptions', ids: ['131300'] },
  'strava-ruby-client__deauthorize.json': { kind: 'not an activity', reason: /id is missing/ },
  'strava-ruby-client__models__activity_zone.json': { kind: 'not an activity', reason: /id is missing/ },
  'strava-ruby-client__models__detailed_activities__ride.json': {
    kind: 'activity',
    outline: {
      externalId: '1493471377',
      sport: 'cycling',
      subSport: null,
      startTime: '2018-02-16T14:52:54.000Z',
      utcOffsetS: -28800,
      timeZone: 'America/Los_Angeles',
      hasHeartRate: false,
    },
  },
  'strava-ruby-client__models__detailed_activities__run.json': {
    kind: 'activity',
    outline: {
      externalId: '1477353766',
      sport: 'running',
      subSport: null,
      startTime: '2018-03-28T23:51:34.000Z',
      utcOffsetS: -14400,
      timeZone: 'America/New_York',
    },
  },
  'strava-ruby-client__models__detailed_activities__swim.json': {
    kind: 'activity',
    outline: {
      externalId: '1493471377',
      sport: 'swimming',
      subSport: null,
      startTime: '2018-04-07T00:10:00.000Z',
      utcOffsetS: -14400,
      timeZone: 'America/New_York',
      manual: true,
    },
  },
  'strava-ruby-client__models__lap.json': { kind: 'not an activity', reason: /sport_type is missing/ },
  'strava-ruby-client__models__split.json': {
    kind: 'not an activity',
    reason: /id is missing; start_date is missing/,
  },
  'strava-ruby-client__models__summary_activity.json': {
    kind: 'activity',
    outline: {
      externalId: '16181809559',
      sport: 'running',
      subSport: null,
      startTime: '2025-10-18T12:49:52.000Z',
      utcOffsetS: -14400,
      timeZone: 'America/New_York',
      hasHeartRate: true,
    },
  },
  'strava-ruby-client__push_subscriptions.json': { kind: 'subscriptions', ids: ['131300'] },
  'strava-ruby-client__token_authorization_code.json': { kind: 'token', athleteId: '12342176' },
  'strava-ruby-client__token_invalid_client.json': { kind: 'fault', message: 'Bad Request' },
  'strava-ruby-client__token_invalid_code.json': { kind: 'fault', message: 'Bad Request' },
  'strava-ruby-client__token_refresh_token.json': { kind: 'token', athleteId: null },
  'stravalib__activity-manual.3.json': {
    kind: 'activity',
    outline: {
      externalId: '96089609',
      sport: 'hiking',
      subSport: null,
      startTime: '2013-11-17T16:00:00.000Z',
      // No utc_offset in 2013: derived from start_date_local.
      utcOffsetS: -28800,
      timeZone: 'America/Los_Angeles',
      manual: true,
    },
  },
  'stravalib__activity.3.json': {
    kind: 'activity',
    outline: {
      externalId: '99895560',
      sport: 'running',
      subSport: null,
      startTime: '2013-12-12T19:36:41.000Z',
      utcOffsetS: -28800,
      timeZone: 'America/Los_Angeles',
    },
  },
  'stravalib__strava_swagger.json': { kind: 'not an activity', reason: /id is missing/ },
  // Strava's own example uses an id beyond 2^53: JSON has already changed its last digits.
  'stravalib__strava_swagger__GET_activities_id_200.json': {
    kind: 'not an activity',
    reason: /id is too large to be read exactly from JSON/,
  },
  'stravalib__strava_swagger__GET_activities_id_laps_200.json': {
    kind: 'not an activity',
    reason: /id is too large to be read exactly/,
  },
  'stravalib__strava_swagger__GET_activities_id_streams_200.json': {
    kind: 'unusable streams',
    reason: /no time stream to align distance on/,
  },
  'stravalib__strava_swagger__GET_athlete_200.json': { kind: 'not an activity', reason: /id is too large/ },
  'stravalib__strava_swagger__GET_athlete_activities_200.json': {
    kind: 'page',
    count: 2,
    sports: ['cycling'],
    first: {
      externalId: '154504250376823',
      sport: 'cycling',
      subSport: 'mountain',
      startTime: '2018-05-02T12:15:09.000Z',
      utcOffsetS: -25200,
      timeZone: 'America/Los_Angeles',
    },
  },
};

const available = sharedFixturesAvailable();
const files = available ? readdirSync(STRAVA_FIXTURES_DIR).filter((name) => name !== 'MANIFEST.md') : [];
const read = (file: string): unknown => JSON.parse(readFileSync(join(STRAVA_FIXTURES_DIR, file), 'utf8'));

function expectOutline(payload: unknown, outline: ActivityOutline): void {
  const warnings: string[] = [];
  const activity = mapStravaActivity(parseStravaActivity(payload), (message) => warnings.push(message));
  expect(activity).toMatchObject({ ...outline, startTime: new Date(outline.startTime) });
  expect(activity.elapsedTimeS).toBeGreaterThan(0);
  expect(warnings).toEqual([]);
}

function refusal(run: () => unknown): StravaPayloadError {
  try {
    run();
  } catch (error) {
    if (error instanceof StravaPayloadError) return error;
    throw error;
  }
  throw new Error('expected a StravaPayloadError, but it was accepted');
}

describe.skipIf(!available)('every recorded Strava payload', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    expect(files.length).toBeGreaterThan(30);
    expect([...files].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', (file) => {
    const expectation = EXPECTED[file]!;
    switch (expectation.kind) {
      case 'activity':
        expectOutline(read(file), expectation.outline);
        break;
      case 'page': {
        let items = parseStravaActivityPage(read(file));
        // Elevate stored its page inside one more list: as an activity, that inner list is refused.
        if (expectation.wrappedTwice) {
          expect(refusal(() => parseStravaActivity(items[0])).message).toMatch(
            /expected an object, got a list/,
          );
          items = parseStravaActivityPage(items[0]);
        }
        expect(items).toHaveLength(expectation.count);
        const mapped = items.map((item) => mapStravaActivity(parseStravaActivity(item)));
        expect([...new Set(mapped.map((activity) => activity.sport))].sort()).toEqual(expectation.sports);
        expectOutline(items[0], expectation.first);
        for (const activity of mapped) {
          expect(activity.startTime.getTime()).not.toBeNaN();
          expect(Math.abs(activity.utcOffsetS ?? 0)).toBeLessThanOrEqual(14 * 3600);
          if (activity.avgHeartRate !== null) expect(activity.avgHeartRate).toBeGreaterThan(60);
        }
        break;
      }
      case 'streams': {
        const streams = mapStravaStreams(parseStravaStreams(read(file), '1'), false)!;
        expect(Object.keys(streams).sort()).toEqual([...expectation.streams].sort());
        for (const values of Object.values(streams)) expect(values).toHaveLength(expectation.samples);
        for (let index = 1; index < streams.timeS.length; index++) {
          expect(streams.timeS[index]).toBeGreaterThan(streams.timeS[index - 1]!);
        }
        if (expectation.heartRate) {
          const heartRate = [...streams.heartRate!];
          expect(heartRate.every((bpm) => bpm >= 30 && bpm <= 230)).toBe(true);
          expect([Math.min(...heartRate), Math.max(...heartRate)]).toEqual(expectation.heartRate);
        }
        break;
      }
      case 'unusable streams':
        expect(refusal(() => parseStravaStreams(read(file), '42')).message).toMatch(
          new RegExp(`^Strava streams of activity 42: ${expectation.reason.source}`),
        );
        break;
      case 'token': {
        const token = parseStravaToken(read(file));
        expect(token.token_type).toBe('Bearer');
        expect(token.access_token.length).toBeGreaterThan(5);
        expect(token.refresh_token.length).toBeGreaterThan(5);
        expect(new Date(token.expires_at * 1000).getUTCFullYear()).toBe(2018);
        expect(token.athlete?.id ?? null).toBe(expectation.athleteId);
        break;
      }
      case 'athlete': {
        const athlete = parseStravaAthlete(read(file));
        expect(athlete.id).toBe(expectation.id);
        expect(`${athlete.firstname} ${athlete.lastname}`).toBe(expectation.name);
        break;
      }
      case 'fault': {
        const payload = read(file);
        expect(parseStravaFault(payload)?.message).toBe(expectation.message);
        expect(refusal(() => parseStravaActivity(payload)).message).toContain(
          `Strava answered with an error: ${expectation.message}`,
        );
        expect(refusal(() => parseStravaToken(payload)).message).toMatch(
          /^Strava token answer: Strava answered/,
        );
        break;
      }
      case 'subscriptions': {
        const payload = read(file);
        const list = parseStravaSubscriptions(Array.isArray(payload) ? payload : [payload]);
        expect(list.map((subscription) => subscription.id)).toEqual(expectation.ids);
        expect(list[0]!.callback_url).toMatch(/^http/);
        break;
      }
      case 'rate-limit cassette': {
        const cassette = readFileSync(join(STRAVA_FIXTURES_DIR, file), 'utf8');
        // The cassette's response headers, "Name:\n  - 'value'", as a server would send them.
        const headers = Object.fromEntries(
          [...cassette.matchAll(/^ {6}(X-[\w-]+):\n {6}- '([^']*)'/gm)].map((match) => [
            match[1]!,
            match[2]!,
          ]),
        );
        expect(parseStravaRateLimitHeaders(headers)).toEqual({
          limits: { overall: { fifteenMinutes: 600, daily: 30000 }, read: null },
          usage: { overall: { fifteenMinutes: 600, daily: 30000 }, read: null },
        });
        break;
      }
      case 'not an activity': {
        // A list (laps, zones) is refused whole, and each of its items is refused as an activity too.
        const payload = read(file);
        const items = Array.isArray(payload) ? payload : [payload];
        if (Array.isArray(payload)) {
          expect(refusal(() => parseStravaActivity(payload)).message).toMatch(
            /expected an object, got a list/,
          );
        }
        for (const item of items)
          expect(refusal(() => parseStravaActivity(item)).message).toMatch(expectation.reason);
        break;
      }
    }
  });
});
