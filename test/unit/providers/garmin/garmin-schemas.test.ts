import { describe, expect, it } from 'vitest';
import {
  GarminPayloadError,
  parseGarminActivityDetails,
  parseGarminActivityFilePing,
  parseGarminActivitySummary,
  parseGarminDaily,
  parseGarminPermissionChange,
  parseGarminPermissions,
  parseGarminUserId,
} from '../../../../src/providers/garmin/garmin.schemas.ts';
import { garminSummaryJson } from './garmin-payload-builder.ts';

/** The message a parser throws, or a failure saying it threw nothing. */
function problemOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(GarminPayloadError);
    return (error as Error).message;
  }
  throw new Error('expected a GarminPayloadError');
}

describe('parseGarminActivitySummary', () => {
  it('reads a summary, ids as text, and drops fields it does not know', () => {
    const summary = parseGarminActivitySummary(garminSummaryJson({ somethingNew: { nested: true } }));
    expect(summary).toMatchObject({
      summaryId: '21000000042',
      activityId: '21000000042',
      activityType: 'RUNNING',
      durationInSeconds: 3105,
      manual: false,
      isParent: false,
      parentSummaryId: null,
    });
    expect(summary).not.toHaveProperty('somethingNew');
    expect(summary).not.toHaveProperty('userAccessToken');
  });

  it('accepts null and missing optional fields', () => {
    const summary = parseGarminActivitySummary(
      garminSummaryJson({ distanceInMeters: null, deviceName: undefined, manual: null, activityName: null }),
    );
    expect(summary).toMatchObject({
      distanceInMeters: null,
      deviceName: null,
      manual: false,
      activityName: null,
    });
  });

  it.each([
    ['not an object', 'a run', /Garmin activity: expected an object/],
    ['a list', [], /expected an object/],
    [
      'no summary id',
      garminSummaryJson({ summaryId: undefined }),
      /Garmin activity 21000000042: summaryId is missing/,
    ],
    [
      'a fractional activity id',
      garminSummaryJson({ activityId: 1.5 }),
      /activityId is not a Garmin activity id/,
    ],
    [
      'an activity id too large for JSON numbers',
      garminSummaryJson({ activityId: 2 ** 60 }),
      /activityId is not a Garmin activity id/,
    ],
    [
      'a summary id with odd characters',
      garminSummaryJson({ summaryId: '../../etc' }),
      /summaryId is not a Garmin summary id/,
    ],
    ['a negative duration', garminSummaryJson({ durationInSeconds: -1 }), /durationInSeconds is negative/],
    ['a duration of months', garminSummaryJson({ durationInSeconds: 90 * 86400 }), /longer than 30 days/],
    [
      'a distance as text',
      garminSummaryJson({ distanceInMeters: '10 km' }),
      /distanceInMeters should be a number/,
    ],
    [
      'a distance round the world twice',
      garminSummaryJson({ distanceInMeters: 9e7 }),
      /distanceInMeters is too far/,
    ],
    ['a start in 1970', garminSummaryJson({ startTimeInSeconds: 12 }), /startTimeInSeconds is before 1990/],
    [
      'a start with a fraction',
      garminSummaryJson({ startTimeInSeconds: 1.7e9 + 0.5 }),
      /startTimeInSeconds should be a whole number/,
    ],
    ['no activity type', garminSummaryJson({ activityType: '' }), /activityType is empty/],
    ['manual as text', garminSummaryJson({ manual: 'yes' }), /manual should be a boolean/],
  ])('refuses %s with a readable reason', (_case, json, expected) => {
    expect(problemOf(() => parseGarminActivitySummary(json))).toMatch(expected);
  });

  it('lists a few problems of a hostile body, not thousands, and never quotes values', () => {
    const hostile = Object.fromEntries(
      Object.keys(garminSummaryJson()).map((key) => [key, { secret: 'do-not-echo-me' }]),
    );
    const message = problemOf(() => parseGarminActivitySummary(hostile));
    expect(message).toMatch(/and \d+ more problem\(s\)$/);
    expect(message).not.toContain('do-not-echo-me');
  });
});

describe('the other Garmin bodies', () => {
  it('reads details and checks the sample list before walking it', () => {
    const details = parseGarminActivityDetails({ summaryId: '7-detail', activityId: 7, samples: [] });
    expect(details).toMatchObject({ activityId: '7', samples: [] });
    expect(parseGarminActivityDetails({ summaryId: '7-detail', activityId: 7 }).samples).toEqual([]);
    const huge = { summaryId: '7-detail', activityId: 7, samples: new Array(1_000_001) };
    expect(problemOf(() => parseGarminActivityDetails(huge))).toMatch(
      /samples has more than 1000000 samples/,
    );
    expect(
      problemOf(() => parseGarminActivityDetails({ summaryId: 'x', activityId: 7, samples: {} })),
    ).toMatch(/samples should be a list/);
  });

  it('reads a file ping and refuses one without an address', () => {
    const ping = {
      userId: 'u-1',
      summaryId: '7',
      activityId: 7,
      fileType: 'FIT',
      callbackURL: 'https://apis.garmin.com/wellness-api/rest/activityFile?id=1&token=2',
    };
    expect(parseGarminActivityFilePing(ping)).toMatchObject({ activityId: '7', fileType: 'FIT' });
    expect(problemOf(() => parseGarminActivityFilePing({ ...ping, callbackURL: 'not a url' }))).toMatch(
      /callbackURL is not an address/,
    );
  });

  it('reads dailies, permission changes, the user id and the permissions', () => {
    expect(
      parseGarminDaily({
        userId: 'u-1',
        summaryId: 'd',
        calendarDate: '2026-11-20',
        restingHeartRateInBeatsPerMinute: 48,
      }),
    ).toMatchObject({ calendarDate: '2026-11-20', restingHeartRateInBeatsPerMinute: 48 });
    expect(
      problemOf(() => parseGarminDaily({ userId: 'u-1', summaryId: 'd', calendarDate: '2026-02-31' })),
    ).toMatch(/calendarDate is not a date/);
    expect(parseGarminPermissionChange({ userId: 'u-1', permissions: [] }).permissions).toEqual([]);
    expect(problemOf(() => parseGarminPermissionChange({ userId: 'u-1', permissions: 'ALL' }))).toMatch(
      /permissions should be an array/,
    );
    expect(parseGarminUserId({ userId: 'abc-123' })).toBe('abc-123');
    expect(problemOf(() => parseGarminUserId({ userId: 'a b' }))).toMatch(/userId is not a Garmin user id/);
    expect(parseGarminPermissions(['ACTIVITY_EXPORT'])).toEqual(['ACTIVITY_EXPORT']);
    expect(problemOf(() => parseGarminPermissions({ errorMessage: 'nope' }))).toMatch(/expected an array/);
  });
});
