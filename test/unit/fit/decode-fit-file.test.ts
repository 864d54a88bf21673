import { describe, expect, it } from 'vitest';
import { decodeFitFile, type FitDecodeResult } from '../../../src/fit/decode-fit-file.ts';
import { encodeFitFile, FIT, steadyRun } from './fit-test-files.ts';

const start = new Date('2024-03-10T07:00:00Z');
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

function activitiesOf(result: FitDecodeResult) {
  if (result.status !== 'activity') throw new Error(`expected activities, got ${JSON.stringify(result)}`);
  return result.activities;
}

describe('decodeFitFile on synthetic files', () => {
  it('maps a session to an activity with its summary, device, local offset and streams', async () => {
    const bytes = encodeFitFile({
      records: steadyRun(start, 61),
      sessions: [
        {
          start,
          elapsedS: 60,
          timerS: 58,
          distanceM: 180,
          sport: FIT.sport.running,
          subSport: FIT.subSport.trail,
          avgHeartRate: 141,
          maxHeartRate: 150,
        },
      ],
      activity: { time: later(61), localTime: later(61 + 7200) },
    });
    const result = await decodeFitFile(Buffer.from(bytes));
    expect(result).toMatchObject({ status: 'activity', warnings: [] });
    const [activity] = activitiesOf(result);
    expect(activity).toMatchObject({
      sport: 'running',
      subSport: 'trail',
      startTime: start,
      utcOffsetS: 7200,
      elapsedTimeS: 60,
      movingTimeS: 58,
      distanceM: 180,
      avgHeartRate: 141,
      maxHeartRate: 150,
      device: 'garmin fenix5',
      manual: false,
      sessionIndex: 0,
      multisport: false,
      recordCount: 61,
      heartRateSamples: 61,
    });
    expect(activity!.streams!.timeS[60]).toBe(60);
    expect(activity!.streams!.cadence![0]).toBe(170);
    expect(activity!.rawSession).toMatchObject({ sport: 'running', start_time: start.toISOString() });
  });

  it('accepts a plain Uint8Array as well as a Buffer', async () => {
    const bytes = encodeFitFile({
      records: steadyRun(start, 3),
      sessions: [{ start, elapsedS: 2, sport: FIT.sport.cycling }],
    });
    expect((await decodeFitFile(bytes)).status).toBe('activity');
  });

  it('splits a summary-first multisport file by session windows, transitions included', async () => {
    const legs = [
      { sport: FIT.sport.swimming, from: 0, seconds: 100 },
      { sport: FIT.sport.transition, from: 100, seconds: 20 },
      { sport: FIT.sport.cycling, from: 120, seconds: 200 },
      { sport: FIT.sport.transition, from: 320, seconds: 10 },
      { sport: FIT.sport.running, from: 330, seconds: 150 },
    ];
    const bytes = encodeFitFile({
      sessionsFirst: true,
      // Summary-first files stamp every session with the time they were written: the start.
      sessions: legs.map((leg) => ({
        start: later(leg.from),
        elapsedS: leg.seconds,
        sport: leg.sport,
        end: start,
      })),
      records: steadyRun(start, 480),
    });
    const activities = activitiesOf(await decodeFitFile(bytes));
    expect(activities.map((activity) => activity.sport)).toEqual([
      'swimming',
      'transition',
      'cycling',
      'transition',
      'running',
    ]);
    expect(activities.map((activity) => activity.recordCount)).toEqual([100, 20, 200, 10, 150]);
    expect(activities.every((activity) => activity.multisport)).toBe(true);
    expect(activities.map((activity) => activity.sessionIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(activities[2]!.startTime).toEqual(later(120));
    expect(activities[2]!.streams!.timeS[0]).toBe(0);
    // Record distance is cumulative over the file; a session without total_distance gets its own share.
    expect(activities[4]!.distanceM).toBe(149 * 3);
    // Cadence is doubled for the run only.
    expect(activities[4]!.streams!.cadence![0]).toBe(170);
    expect(activities[2]!.streams!.cadence![0]).toBe(85);
  });

  it('derives the activity from the records when there is no session, sport from the sport message', async () => {
    const withSport = await decodeFitFile(
      encodeFitFile({ sports: [{ sport: FIT.sport.walking }], records: steadyRun(start, 30) }),
    );
    expect(withSport).toMatchObject({ status: 'activity', warnings: [expect.stringMatching(/no session/)] });
    expect(activitiesOf(withSport)[0]).toMatchObject({
      sport: 'walking',
      startTime: start,
      elapsedTimeS: 29,
      movingTimeS: 29,
      distanceM: 87,
      avgHeartRate: 140,
      maxHeartRate: 140,
      recordCount: 30,
      rawSession: null,
    });
    const bare = await decodeFitFile(encodeFitFile({ records: steadyRun(start, 2) }));
    expect(activitiesOf(bare)[0]!.sport).toBe('other');
  });

  it('sanitises heart rate: 0 and ≥ 250 are NaN and not counted; an absurd session average is recomputed', async () => {
    const bytes = encodeFitFile({
      records: steadyRun(start, 4, (index) => ({ heartRate: [0, 120, 250, 130][index] })),
      sessions: [{ start, elapsedS: 3, sport: FIT.sport.cycling, avgHeartRate: 0, maxHeartRate: 0 }],
    });
    const [activity] = activitiesOf(await decodeFitFile(bytes));
    expect(Array.from(activity!.streams!.heartRate!)).toEqual([Number.NaN, 120, Number.NaN, 130]);
    expect(activity).toMatchObject({ heartRateSamples: 2, avgHeartRate: 125, maxHeartRate: 130 });
  });

  it('imports a file with a CRC mismatch, with a warning', async () => {
    const bytes = encodeFitFile({
      records: steadyRun(start, 10),
      sessions: [{ start, elapsedS: 9, sport: FIT.sport.running }],
    });
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    const result = await decodeFitFile(bytes);
    expect(result).toMatchObject({ status: 'activity', warnings: [expect.stringMatching(/CRC mismatch/)] });
  });

  it('salvages the intact records of a truncated file (a watch that crashed before writing the session)', async () => {
    const bytes = encodeFitFile({
      records: steadyRun(start, 50),
      sessions: [{ start, elapsedS: 49, sport: FIT.sport.running }],
    });
    const result = await decodeFitFile(bytes.subarray(0, bytes.length - 60));
    expect(result).toMatchObject({
      status: 'activity',
      warnings: expect.arrayContaining([
        expect.stringMatching(/^file is truncated \(.*; imported the \d+ intact records$/),
      ]),
    });
    const [activity] = activitiesOf(result);
    expect(activity!.recordCount).toBeGreaterThan(40);
    expect(activity!.startTime).toEqual(start);
  });

  it('decodes every section of a chained file; two runs sharing a file are not a multisport activity', async () => {
    const first = encodeFitFile({
      records: steadyRun(start, 10),
      sessions: [{ start, elapsedS: 9, sport: FIT.sport.running }],
    });
    const second = encodeFitFile({
      records: steadyRun(later(3600), 10),
      sessions: [{ start: later(3600), elapsedS: 9, sport: FIT.sport.running }],
    });
    const activities = activitiesOf(await decodeFitFile(Buffer.concat([first, second])));
    expect(
      activities.map((decoded) => [
        decoded.sport,
        decoded.sessionIndex,
        decoded.recordCount,
        decoded.multisport,
      ]),
    ).toEqual([
      ['running', 0, 10, false],
      ['running', 1, 10, false],
    ]);
  });

  it('reports files that are not activities with their type', async () => {
    expect(
      await decodeFitFile(encodeFitFile({ fileType: FIT.fileType.course, records: steadyRun(start, 3) })),
    ).toEqual({
      status: 'not_activity',
      fileType: 'course',
      reason: "not an activity: the FIT file type is 'course' (a course: a route to follow, not a recording)",
      warnings: [],
    });
  });

  it('fails with a readable reason on empty, non-FIT and junk input, never throwing', async () => {
    expect(await decodeFitFile(Buffer.alloc(0))).toEqual({
      status: 'failed',
      reason: 'file is empty (0 bytes)',
    });
    const gpx = await decodeFitFile(Buffer.from('<?xml version="1.0"?><gpx version="1.1"></gpx>'));
    expect(gpx).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not a FIT file/) });
    expect(await decodeFitFile(null as unknown as Buffer)).toEqual({
      status: 'failed',
      reason: 'input is not a byte buffer',
    });
    const activityWithNothing = await decodeFitFile(encodeFitFile({}));
    expect(activityWithNothing).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/no activity data/),
    });
  });

  it('fails on timestamps far in the future', async () => {
    const future = new Date('2085-12-21T16:46:58Z');
    const result = await decodeFitFile(
      encodeFitFile({
        records: steadyRun(future, 5),
        sessions: [{ start: future, elapsedS: 4, sport: FIT.sport.running }],
      }),
    );
    expect(result).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/implausible.*2085-12-21/),
    });
  });

  it('warns when the device clock was never set, and places the run by its local time when it can', async () => {
    const powerOn = new Date('1990-07-18T06:44:24Z');
    const records = steadyRun(powerOn, 10);
    const session = { start: powerOn, elapsedS: 9, sport: FIT.sport.running };
    const unplaced = await decodeFitFile(encodeFitFile({ records, sessions: [session] }));
    expect(unplaced).toMatchObject({
      status: 'activity',
      warnings: [expect.stringMatching(/clock was not set/)],
    });
    expect(activitiesOf(unplaced)[0]!.startTime).toEqual(powerOn);

    const end = new Date(powerOn.getTime() + 10_000);
    const localEnd = new Date('2012-02-13T12:00:10Z');
    const placed = await decodeFitFile(
      encodeFitFile({ records, sessions: [session], activity: { time: end, localTime: localEnd } }),
    );
    expect(activitiesOf(placed)[0]).toMatchObject({
      startTime: new Date('2012-02-13T12:00:00Z'),
      utcOffsetS: null,
    });
  });
});
