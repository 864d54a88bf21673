import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DecodedFitActivity,
  decodeFitFile,
  type FitDecodeResult,
} from '../../../src/fit/decode-fit-file.ts';
import { FIT_FIXTURES_DIR, fitFixture, sharedFixturesAvailable } from '../../support/shared-fixtures.ts';

interface ManifestRow {
  file: string;
  fileType: string;
  sessions: string;
  hr: string;
  bytes: number;
}

/** What weekwise makes of each real file: status, then sport[/subSport] of each activity and whether HR samples exist. */
type Expectation =
  | { status: 'activity'; sports: string[]; hr: boolean }
  | { status: 'not_activity'; fileType: string }
  | { status: 'failed'; reason: RegExp };

const activity = (sports: string[], hr: boolean): Expectation => ({ status: 'activity', sports, hr });

const EXPECTED: Record<string, Expectation> = {
  'python-fitparse__2013-02-06-12-11-14.fit': activity(['running'], true),
  'python-fitparse__2015-10-13-08-43-15.fit': activity(['cycling'], false),
  'python-fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit': activity(['cycling'], true),
  'python-fitparse__Edge810-Vector-2013-08-16-15-35-10.fit': activity(['cycling'], true),
  'python-fitparse__Settings.fit': { status: 'not_activity', fileType: 'settings' },
  'python-fitparse__activity-large-fenxi2-multisport.fit': activity(
    ['other', 'transition', 'running', 'transition', 'running', 'transition', 'cycling'],
    true,
  ),
  'python-fitparse__activity-small-fenix2-run.fit': activity(['running'], true),
  'python-fitparse__compressed-speed-distance.fit': activity(['running'], true),
  'python-fitparse__coros-pace-2-cycling-misaligned-fields.fit': activity(['cycling'], true),
  'python-fitparse__developer-types-sample.fit': activity(['running'], true),
  // HR only in the session summary for fit-file-parser; the strap's `hr` messages in the chained sections fill the stream.
  'python-fitparse__event_timestamp.fit': activity(['swimming/lap_swimming'], true),
  'python-fitparse__garmin-edge-500-activity.fit': activity(['cycling'], true),
  'python-fitparse__garmin-edge-820-bike.fit': activity(['cycling/commuting'], true),
  'python-fitparse__garmin-fenix-5-bike.fit': activity(['cycling'], true),
  'python-fitparse__garmin-fenix-5-run.fit': activity(['running'], true),
  'python-fitparse__garmin-fenix-5-walk.fit': activity(['walking'], true),
  'python-fitparse__null_compressed_speed_dist.fit': activity(['cycling/virtual'], false),
  'python-fitparse__sample-activity-indoor-trainer.fit': activity(['cycling'], true),
  'python-fitparse__sample-activity.fit': activity(['cycling'], true),
  'python-fitparse__strava-android-app-201.10-b1218918.fit': activity(['running'], false),
  'fitdecode__garmin-fr935-cr.fit': activity(['swimming'], true),
  'jimmykane-fit-parser__batt.fit': activity(['cycling'], true),
  'jimmykane-fit-parser__failed.fit': activity(['mobility/yoga'], true),
  'jimmykane-fit-parser__file-with-zones.fit': activity(['cycling/road'], true),
  'jimmykane-fit-parser__triathlon_summary_first.fit': activity(
    ['swimming/open_water', 'transition', 'cycling', 'transition', 'running'],
    true,
  ),
  'jimmykane-fit-parser__garmin-stamina.fit': activity(['running'], true),
  'jimmykane-fit-parser__jumps-mtb.fit': activity(['cycling/mountain'], true),
  'jimmykane-fit-parser__running-with-developer-data.fit': activity(['running'], true),
  'jimmykane-fit-parser__snorkeling-unknown-sport.fit': activity(['other/snorkeling'], true),
  'jimmykane-fit-parser__test.fit': activity(['cycling'], false),
  'jimmykane-fit-parser__user_metrics.fit': activity(['strength'], true),
  'tormoder-fit__garmin.fit': activity(['cycling/road'], true),
  'tormoder-fit__0134902991.fit': activity(['cycling/indoor_cycling'], false),
  'tormoder-fit__unterminated-strings.fit': activity(['cycling/indoor_cycling'], true),
  'muktihari-fit__valid_only_contain_fileid.fit': activity(['other'], true),
  'fitparse-rs__hrv-activity.fit': activity(['cycling/indoor_cycling'], true),
  'fit_tool__activity_deprecated_profile.fit': activity(['cycling'], true),
  'fit_tool__activity_multiple_developer_index.fit': activity(['cycling/indoor_cycling'], true),
  'fit_tool__trainerroad_744490.fit': { status: 'not_activity', fileType: 'workout' },
  'FITfileR__garmin-edge530-ride.fit': activity(['cycling/road'], false),
  'FITfileR__garmin-fenix6-swim.fit': activity(['swimming/open_water'], true),
  'FITfileR__garmin-fenix6-turbo.fit': activity(['cycling/indoor_cycling'], true),
  'FITfileR__zwift-turbo.fit': activity(['cycling/virtual'], true),
  'php-fit-file-analysis__mountain-biking.fit': activity(['cycling'], true),
  'php-fit-file-analysis__power-analysis.fit': activity(['cycling/indoor_cycling'], true),
  'php-fit-file-analysis__road-cycling.fit': activity(['cycling'], true),
  'php-fit-file-analysis__swim.fit': activity(['swimming/lap_swimming'], false),
  'FitFileParser__gearstest.fit': activity(['cycling/gravel_cycling'], true),
  'FitFileParser__running.fit': activity(['running'], true),
  'elevate__treadmill.fit': activity(['running/treadmill'], true),
  'elevate__bloemendaal.fit': activity(['running/trail'], true),
  'elevate__trosku.fit': activity(['running'], true),
  'elevate__portland.fit': activity(['running'], true),
  'elevate__kaiteriteri.fit': activity(['running'], true),
  'elevate__sloatsburg.fit': activity(['running'], true),
  'elevate__pool-swim.fit': activity(['swimming/lap_swimming'], false),
  'elevate__biking-500-trainer.fit': activity(['cycling/indoor_cycling'], true),
  'elevate__flagged-hr.fit': activity(['strength'], true),
  'elevate__empty.fit': { status: 'failed', reason: /^file is empty/ },
  'elevate__virtual_ride.fit': activity(['cycling'], true),
  'elevate__20171011_run_2088390344.fit': activity(['running'], true),
  'FitFileViewer__18857497810_ACTIVITY.fit': activity(['cycling/indoor_cycling'], true),
};

function readManifest(): ManifestRow[] {
  const text = readFileSync(join(FIT_FIXTURES_DIR, 'MANIFEST.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      // | File | Source repo | Original path | License | Maker | File type | Sport | Sessions | Records | HR | GPS | Parse | Notes | Bytes |
      return {
        file: cells[1]!.replaceAll('`', ''),
        fileType: cells[6]!,
        sessions: cells[8]!,
        hr: cells[10]!,
        bytes: Number(cells[14]),
      };
    });
}

const fixturesPresent = sharedFixturesAvailable();

describe.skipIf(!fixturesPresent)('decodeFitFile on the shared real FIT files', () => {
  const manifest = fixturesPresent ? readManifest() : [];
  const results = new Map<string, FitDecodeResult>();

  beforeAll(async () => {
    for (const row of manifest)
      results.set(row.file, await decodeFitFile(readFileSync(fitFixture(row.file))));
  });

  function activitiesOf(file: string): DecodedFitActivity[] {
    const result = results.get(file);
    if (result?.status !== 'activity')
      throw new Error(`${file}: expected activities, got ${JSON.stringify(result)}`);
    return result.activities;
  }

  function resultOf(file: string): FitDecodeResult {
    const result = results.get(file);
    if (!result) throw new Error(`${file} was not decoded`);
    return result;
  }

  it('has an expectation for every file of the MANIFEST, and the files are there', () => {
    expect(manifest.length).toBe(62);
    expect(manifest.map((row) => row.file).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const row of manifest) expect(statSync(fitFixture(row.file)).size, row.file).toBe(row.bytes);
  });

  it.each(manifest)('$file', (row) => {
    const expected = EXPECTED[row.file]!;
    const result = resultOf(row.file);
    expect(result.status).toBe(expected.status);
    if (expected.status === 'failed') {
      expect(result).toMatchObject({ reason: expect.stringMatching(expected.reason) });
      return;
    }
    if (expected.status === 'not_activity') {
      expect(row.fileType).toBe(expected.fileType);
      expect(result).toMatchObject({
        fileType: expected.fileType,
        reason: expect.stringContaining(expected.fileType),
      });
      return;
    }
    const activities = activitiesOf(row.file);
    // One activity per session (all chained sections); a file without session gives one.
    if (/^\d+$/.test(row.sessions)) expect(activities.length).toBe(Math.max(1, Number(row.sessions)));
    expect(activities.map(describeSport)).toEqual(expected.sports);
    expect(activities.some((decoded) => decoded.heartRateSamples > 0)).toBe(expected.hr);
    if (row.hr === 'yes') expect(expected.hr).toBe(true);
    for (const decoded of activities) expectWellFormed(decoded, activities.length);
  });

  it('imports the run with compressed timestamps and compressed speed/distance whole', () => {
    const file = 'python-fitparse__compressed-speed-distance.fit';
    const [run] = activitiesOf(file);
    expect(run).toMatchObject({
      sport: 'running',
      recordCount: 755,
      distanceM: 10248.67,
      avgHeartRate: 170,
      maxHeartRate: 190,
    });
    expect(run!.streams!.distanceM![run!.streams!.distanceM!.length - 1]).toBeCloseTo(10248.67, 0);
    expect(run!.streams!.timeS.length).toBe(755);
    // The FR70's clock was never set (times from power-on, 1990): placed by the activity's local time.
    expect(run!.startTime.toISOString()).toBe('2012-02-13T11:16:16.000Z');
    expect(run!.utcOffsetS).toBeNull();
    expect(resultOf(file)).toMatchObject({ warnings: [expect.stringMatching(/clock was not set/)] });
  });

  it('splits the summary-first triathlon into its five legs, each with its own records', () => {
    const legs = activitiesOf('jimmykane-fit-parser__triathlon_summary_first.fit');
    expect(legs.map((leg) => leg.startTime.toISOString())).toEqual([
      '2023-09-02T13:15:24.000Z',
      '2023-09-02T13:26:40.000Z',
      '2023-09-02T13:29:18.000Z',
      '2023-09-02T13:55:24.000Z',
      '2023-09-02T13:56:34.000Z',
    ]);
    expect(legs.every((leg) => leg.multisport)).toBe(true);
    const assigned = legs.reduce((total, leg) => total + leg.recordCount, 0);
    expect(assigned).toBeGreaterThanOrEqual(4040);
    expect(assigned).toBeLessThanOrEqual(4043);
    const run = legs[4]!;
    expect(run.distanceM).toBeCloseTo(4491.51, 1);
    expect(run.utcOffsetS).toBe(-18000);
    const cadence = run.streams!.cadence!;
    expect(median(cadence)).toBeGreaterThan(150);
  });

  it('repairs the fenix 2 multisport first session whose start_time is 45 minutes late', () => {
    const file = 'python-fitparse__activity-large-fenxi2-multisport.fit';
    const legs = activitiesOf(file);
    expect(legs).toHaveLength(7);
    expect(legs[0]!.startTime.toISOString()).toBe('2015-08-29T07:14:44.000Z');
    expect(resultOf(file)).toMatchObject({ warnings: [expect.stringMatching(/^session 1: its start_time/)] });
    expect(legs.reduce((total, leg) => total + leg.recordCount, 0)).toBeGreaterThan(24_200);
    expect(legs[4]).toMatchObject({ sport: 'running', distanceM: 12740.37 });
  });

  it('derives an activity from the records of a file without session', () => {
    const file = 'muktihari-fit__valid_only_contain_fileid.fit';
    const [derived] = activitiesOf(file);
    expect(derived).toMatchObject({
      sport: 'other',
      recordCount: 1,
      elapsedTimeS: 0,
      device: 'bryton something ss',
    });
    expect(derived!.startTime.toISOString()).toBe('2023-09-04T12:55:19.000Z');
    expect(resultOf(file)).toMatchObject({ warnings: [expect.stringMatching(/no session/)] });
  });

  it('reads all sections of chained files and merges the strap heart rate into the stream', () => {
    const [swim] = activitiesOf('python-fitparse__event_timestamp.fit');
    expect(swim).toMatchObject({
      device: 'garmin fr735xt',
      avgHeartRate: 142,
      maxHeartRate: 161,
      recordCount: 4376,
    });
    expect(swim!.heartRateSamples).toBeGreaterThan(4000);
    const [apnea] = activitiesOf('fitdecode__garmin-fr935-cr.fit');
    expect(apnea).toMatchObject({ device: 'garmin fr935', recordCount: 7515 });
    expect(apnea!.heartRateSamples).toBeGreaterThan(7000);
  });

  it('salvages the truncated Strava recording with a warning', () => {
    const file = 'python-fitparse__strava-android-app-201.10-b1218918.fit';
    const result = resultOf(file);
    expect(result).toMatchObject({
      status: 'activity',
      warnings: [expect.stringMatching(/^file is truncated \(.*\); .*imported the \d+ intact records$/)],
    });
    const [run] = activitiesOf(file);
    expect(run).toMatchObject({
      sport: 'running',
      distanceM: 11274.04,
      elapsedTimeS: 3558,
      device: 'strava',
    });
    expect(run!.startTime.toISOString()).toBe('2021-09-27T14:13:10.000Z');
    expect(run!.recordCount).toBeGreaterThan(400);
    expect(run!.streams!.distanceM!.length).toBe(run!.streams!.timeS.length);
  });

  it('reads real values right: start, records, distances in metres, speeds in m/s, time zones, devices', () => {
    const [fr110] = activitiesOf('python-fitparse__2013-02-06-12-11-14.fit');
    expect(fr110!.startTime.toISOString()).toBe('2013-02-06T12:11:14.000Z');
    expect(fr110).toMatchObject({ recordCount: 590, device: 'garmin fr110', utcOffsetS: null });
    expect(fr110!.distanceM).toBeCloseTo(4835.38, 1);

    const [treadmill] = activitiesOf('elevate__treadmill.fit');
    expect(treadmill).toMatchObject({
      sport: 'running',
      subSport: 'treadmill',
      recordCount: 3101,
      utcOffsetS: -18000,
    });
    expect(treadmill!.distanceM).toBeCloseTo(10630.37, 1);
    expect(treadmill!.elapsedTimeS).toBeCloseTo(3763.503, 3);
    expect(treadmill!.movingTimeS).toBeCloseTo(3097.789, 3);
    const streams = treadmill!.streams!;
    expect(streams.distanceM![streams.distanceM!.length - 1]).toBeCloseTo(10630.37, -1);
    expect(median(streams.speedMps!)).toBeGreaterThan(2);
    expect(median(streams.speedMps!)).toBeLessThan(5);
    expect(median(streams.cadence!)).toBeGreaterThan(150); // steps per minute, both legs
    expect(streams.altitudeM).toBeUndefined();

    expect(activitiesOf('elevate__flagged-hr.fit')[0]!.utcOffsetS).toBe(10800);
    expect(activitiesOf('FITfileR__zwift-turbo.fit')[0]!.utcOffsetS).toBeNull();
    expect(activitiesOf('python-fitparse__garmin-fenix-5-run.fit')[0]!.device).toBe('garmin fenix5');
    expect(activitiesOf('python-fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit')[0]!.device).toBe(
      'wahoo_fitness ELEMNT',
    );
    expect(activitiesOf('elevate__trosku.fit')[0]!.device).toBe('coros COROS APEX Pro');
    expect(activitiesOf('php-fit-file-analysis__swim.fit')[0]).toMatchObject({
      recordCount: 67,
      streams: null,
      distanceM: 1371.6,
    });
  });
});

function describeSport(decoded: DecodedFitActivity): string {
  return decoded.subSport ? `${decoded.sport}/${decoded.subSport}` : decoded.sport;
}

function median(values: Float64Array): number {
  const present = Array.from(values)
    .filter((value) => !Number.isNaN(value))
    .sort((left, right) => left - right);
  return present[Math.floor(present.length / 2)] ?? Number.NaN;
}

function expectWellFormed(decoded: DecodedFitActivity, count: number): void {
  expect(Number.isNaN(decoded.startTime.getTime())).toBe(false);
  expect(decoded.elapsedTimeS).toBeGreaterThanOrEqual(0);
  expect(decoded.multisport).toBe(count > 1);
  expect(decoded.manual).toBe(false);
  if (decoded.distanceM !== null) expect(decoded.distanceM).toBeGreaterThanOrEqual(0);
  for (const rate of [decoded.avgHeartRate, decoded.maxHeartRate]) {
    if (rate !== null) expect(rate > 0 && rate < 250).toBe(true);
  }
  const streams = decoded.streams;
  if (!streams) {
    expect(decoded.heartRateSamples).toBe(0);
    return;
  }
  const { timeS } = streams;
  expect(timeS.every((time, index) => index === 0 || time > timeS[index - 1]!)).toBe(true);
  for (const values of [
    streams.heartRate,
    streams.distanceM,
    streams.speedMps,
    streams.altitudeM,
    streams.cadence,
  ]) {
    if (!values) continue;
    expect(values.length).toBe(timeS.length);
    expect(values.some((value) => !Number.isNaN(value))).toBe(true);
  }
  if (streams.heartRate) {
    expect(streams.heartRate.every((value) => Number.isNaN(value) || (value > 0 && value < 250))).toBe(true);
  }
  if (streams.distanceM)
    expect(streams.distanceM.every((value) => Number.isNaN(value) || value >= 0)).toBe(true);
}
