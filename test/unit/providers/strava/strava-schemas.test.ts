import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapStravaActivity } from '../../../../src/providers/strava/map-strava-activity.ts';
import { mapStravaStreams } from '../../../../src/providers/strava/map-strava-streams.ts';
import {
  parseStravaActivity,
  parseStravaActivityPage,
  parseStravaAthlete,
  parseStravaEvent,
  parseStravaStreams,
  parseStravaToken,
  StravaPayloadError,
} from '../../../../src/providers/strava/strava.schemas.ts';
import { stravaActivityJson } from './strava-activity-builder.ts';

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof StravaPayloadError) return error.message;
    throw error;
  }
  throw new Error('expected a StravaPayloadError, but the payload was accepted');
}

const activityReason = (overrides: Record<string, unknown>) =>
  reasonOf(() => parseStravaActivity(stravaActivityJson(overrides)));

describe('hostile Strava activities are refused with a reason a user can read', () => {
  it.each([
    [{ start_date: 'yesterday' }, 'Strava activity 15000000001: start_date is not a date'],
    [{ start_date: '2026-02-30T25:00:00Z' }, 'Strava activity 15000000001: start_date is not a date'],
    [{ start_date: 1784000000 }, 'Strava activity 15000000001: start_date is not a date'],
    [{ start_date: undefined }, 'Strava activity 15000000001: start_date is missing'],
    [{ start_date_local: 'soon' }, 'Strava activity 15000000001: start_date_local is not a date'],
    [{ elapsed_time: '3105' }, 'Strava activity 15000000001: elapsed_time should be a number, not a string'],
    [{ elapsed_time: -1 }, 'Strava activity 15000000001: elapsed_time is negative'],
    [{ elapsed_time: 1e12 }, 'Strava activity 15000000001: elapsed_time is longer than 30 days'],
    [{ elapsed_time: undefined }, 'Strava activity 15000000001: elapsed_time is missing'],
    [{ distance: -5 }, 'Strava activity 15000000001: distance is negative'],
    [{ manual: 'yes' }, 'Strava activity 15000000001: manual should be a boolean, not a string'],
    [
      { sport_type: undefined, type: undefined },
      'Strava activity 15000000001: sport_type is missing (and so is type)',
    ],
    [{ sport_type: 'R'.repeat(10_000) }, 'Strava activity 15000000001: sport_type is too long'],
    [
      { athlete: { id: { nested: true } } },
      'Strava activity 15000000001: athlete.id is not an id (got an object)',
    ],
    [{ id: undefined }, 'Strava activity: id is missing'],
    [{ id: true }, 'Strava activity: id is not an id (got a boolean)'],
    [{ id: -4 }, 'Strava activity -4: id is not an id (got a number)'],
    [{ id: 1.5 }, 'Strava activity 1.5: id is not an id (got a number)'],
    [{ id: 2 ** 60 }, `Strava activity ${2 ** 60}: id is too large to be read exactly from JSON`],
    [{ id: '12a' }, 'Strava activity 12a: id is not an id (got a string)'],
  ])('%j → %s', (overrides, reason) => {
    expect(activityReason(overrides)).toBe(reason);
  });

  it.each([
    [null, 'Strava activity: expected an object, got null'],
    ['{"id": 1}', 'Strava activity: expected an object, got a string'],
    [42, 'Strava activity: expected an object, got a number'],
    [[stravaActivityJson()], 'Strava activity: expected an object, got a list'],
    [undefined, 'Strava activity: expected an object, got nothing'],
  ])('%j → %s', (payload, reason) => {
    expect(reasonOf(() => parseStravaActivity(payload))).toBe(reason);
  });

  it('lists a few problems, not thousands', () => {
    const everythingWrong = Object.fromEntries(Object.keys(stravaActivityJson()).map((key) => [key, [[]]]));
    const reason = reasonOf(() => parseStravaActivity(everythingWrong));
    expect(reason).toMatch(/^Strava activity: /);
    expect(reason).toMatch(/and \d+ more problem\(s\)$/);
    expect(reason.split('; ')).toHaveLength(6);
  });

  it('refuses a page too big to be a Strava page', () => {
    expect(reasonOf(() => parseStravaActivityPage(new Array(5000).fill({})))).toBe(
      'Strava activity list: has more than 1000 activities: not a Strava page',
    );
    expect(reasonOf(() => parseStravaActivityPage({ id: 1 }))).toBe(
      'Strava activity list: expected an array, got an object',
    );
  });
});

describe('hostile Strava streams are refused with a reason', () => {
  const stream = (data: unknown) => ({ data, series_type: 'distance', original_size: 3, resolution: 'high' });

  it('refuses a stream of 10 million samples without walking it', () => {
    const huge = new Array(10_000_000).fill(120);
    const started = performance.now();
    expect(
      reasonOf(() => parseStravaStreams({ time: stream([0, 1, 2]), heartrate: stream(huge) }, '9')),
    ).toBe(
      'Strava streams of activity 9, heartrate: data has 10000000 samples, more than the 1000000 weekwise reads',
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    [{ heartrate: stream([120, 121]) }, 'Strava streams of activity 9: no time stream to align heartrate on'],
    [{ time: stream([0, 2, 1]) }, 'Strava streams of activity 9: time is not ascending at sample 2'],
    [{ time: stream([0, 1, 1]) }, 'Strava streams of activity 9: time is not ascending at sample 2'],
    [{ time: stream([0, null, 2]) }, 'Strava streams of activity 9: time sample 1 is missing'],
    [{ time: stream([-5, 0, 1]) }, 'Strava streams of activity 9: time starts before the activity'],
    [
      { time: stream([0, 1, 2]), heartrate: stream([120, '121', 122]) },
      'Strava streams of activity 9: heartrate sample 1 is a string, not a number',
    ],
    [{ time: { data: 'lots' } }, 'Strava streams of activity 9, time: data is not a list'],
    [{ time: [0, 1, 2] }, 'Strava streams of activity 9, time: expected an object, got a list'],
    ['streams', 'Strava streams of activity 9: expected an object, got a string'],
    [
      [
        { type: 'time', data: [0, 1] },
        { type: 'time', data: [0, 1] },
      ],
      'Strava streams of activity 9: the time stream appears twice',
    ],
    [[{ data: [0, 1] }], 'Strava streams of activity 9: [0].type is missing'],
  ])('%j → %s', (payload, reason) => {
    expect(reasonOf(() => parseStravaStreams(payload, '9'))).toBe(reason);
  });
});

describe('tokens, athletes and webhook events', () => {
  it('reads a refresh answer and never quotes a token in its errors', () => {
    const token = parseStravaToken({
      token_type: 'Bearer',
      access_token: 'a'.repeat(40),
      refresh_token: 'r'.repeat(40),
      expires_at: 1784000000,
      expires_in: 21600,
    });
    expect(token.expires_at).toBe(1784000000);
    expect(token.athlete).toBeUndefined();
    const reason = reasonOf(() =>
      parseStravaToken({
        access_token: 'secret-access-value',
        refresh_token: '',
        expires_at: 'secret-expiry',
      }),
    );
    expect(reason).toBe(
      'Strava token answer: refresh_token is empty; expires_at should be a number, not a string',
    );
    expect(reason).not.toContain('secret');
  });

  it('reads the athlete of an authorization-code answer, its id as text', () => {
    const token = parseStravaToken({
      token_type: 'Bearer',
      access_token: 'access',
      refresh_token: 'refresh',
      expires_at: 1784000000,
      athlete: { id: 134815, firstname: 'Marianne', lastname: null, extra: { anything: true } },
    });
    expect(token.athlete).toEqual({ id: '134815', firstname: 'Marianne', lastname: null });
    expect(parseStravaAthlete({ id: '134815' })).toEqual({ id: '134815', firstname: null, lastname: null });
  });

  // The events of Strava's webhook documentation (no recorded event exists in the fixtures).
  it('reads the events Strava documents', () => {
    expect(
      parseStravaEvent({
        aspect_type: 'update',
        event_time: 1516126040,
        object_id: 1360128428,
        object_type: 'activity',
        owner_id: 134815,
        subscription_id: 120475,
        updates: { title: 'Messy', type: 'Run', private: true },
      }),
    ).toEqual({
      aspect_type: 'update',
      event_time: 1516126040,
      object_id: '1360128428',
      object_type: 'activity',
      owner_id: '134815',
      subscription_id: '120475',
      updates: { title: 'Messy', type: 'Run', private: 'true' },
    });
    const deauthorization = parseStravaEvent({
      aspect_type: 'update',
      event_time: 1516126040,
      object_id: 134815,
      object_type: 'athlete',
      owner_id: 134815,
      subscription_id: 120475,
      updates: { authorized: 'false' },
    });
    expect(deauthorization.updates.authorized).toBe('false');
    const creation = parseStravaEvent({
      aspect_type: 'create',
      event_time: 1516126040,
      object_id: 1360128428,
      object_type: 'activity',
      owner_id: 134815,
      subscription_id: 120475,
      updates: null,
    });
    expect(creation.updates).toEqual({});
  });

  it('refuses an event that is not one, saying why', () => {
    expect(
      reasonOf(() =>
        parseStravaEvent({
          object_type: 'segment',
          object_id: 1,
          aspect_type: 'create',
          owner_id: 2,
          subscription_id: 3,
          event_time: 4,
        }),
      ),
    ).toBe('Strava webhook event: object_type should be one of activity, athlete');
    expect(reasonOf(() => parseStravaEvent({}))).toMatch(
      /^Strava webhook event: object_type is missing; object_id/,
    );
    expect(reasonOf(() => parseStravaEvent('hello'))).toBe(
      'Strava webhook event: expected an object, got a string',
    );
  });
});

describe('for any JSON, parsing and mapping fail only with StravaPayloadError', () => {
  const expectOnlyOurError = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof StravaPayloadError)) throw error;
    }
  };
  const anyValue = fc.oneof(fc.jsonValue(), fc.anything({ withNullPrototype: true, withObjectString: true }));

  it('whatever the payload', () => {
    fc.assert(
      fc.property(anyValue, (payload) => {
        expectOnlyOurError(() => mapStravaActivity(parseStravaActivity(payload)));
        expectOnlyOurError(() => mapStravaStreams(parseStravaStreams(payload), true));
        expectOnlyOurError(() => parseStravaToken(payload));
        expectOnlyOurError(() => parseStravaEvent(payload));
        expectOnlyOurError(() => parseStravaAthlete(payload));
        expectOnlyOurError(() => parseStravaActivityPage(payload));
      }),
      { numRuns: 2000 },
    );
  });

  it('whatever any field of a real-looking activity holds', () => {
    const keys = Object.keys(stravaActivityJson());
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 4 }), (overrides) => {
        expectOnlyOurError(() => mapStravaActivity(parseStravaActivity(stravaActivityJson(overrides))));
      }),
      { numRuns: 3000 },
    );
  });

  it('whatever numbers and gaps the streams hold', () => {
    const samples = fc.array(fc.oneof(fc.double(), fc.constant(null), fc.integer()), { maxLength: 30 });
    const keyed = fc.dictionary(
      fc.constantFrom(
        'time',
        'heartrate',
        'distance',
        'velocity_smooth',
        'altitude',
        'cadence',
        'moving',
        'latlng',
      ),
      fc.record({ data: samples }),
    );
    fc.assert(
      fc.property(keyed, fc.boolean(), (payload, running) => {
        expectOnlyOurError(() => {
          const streams = mapStravaStreams(parseStravaStreams(payload), running);
          if (!streams) return;
          for (const values of Object.values(streams)) expect(values).toHaveLength(streams.timeS.length);
          for (const bpm of streams.heartRate ?? []) if (!Number.isNaN(bpm)) expect(bpm).toBeGreaterThan(0);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
