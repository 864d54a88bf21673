import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFitFile, type FitDecodeResult } from '../../../src/fit/decode-fit-file.ts';
import { fitFixture, sharedFixturesAvailable } from '../../support/shared-fixtures.ts';

/** Small and awkward real files: chained, compressed timestamps, no session, truncated, not activities… */
const FILES = [
  'python-fitparse__2013-02-06-12-11-14.fit',
  'python-fitparse__garmin-fenix-5-run.fit',
  'python-fitparse__compressed-speed-distance.fit',
  'python-fitparse__event_timestamp.fit',
  'python-fitparse__strava-android-app-201.10-b1218918.fit',
  'python-fitparse__Settings.fit',
  'muktihari-fit__valid_only_contain_fileid.fit',
  'fit_tool__trainerroad_744490.fit',
  'tormoder-fit__unterminated-strings.fit',
  'elevate__pool-swim.fit',
  'jimmykane-fit-parser__failed.fit',
  'jimmykane-fit-parser__triathlon_summary_first.fit',
];

/** Deterministic: the same copies on every run and machine. */
const SEED = 20_240_310;

/** A uniform fraction of the file's length (fast-check's default bias favours the edges). */
const position = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((value) => value / 1_000_000);

const mutationArbitrary = fc.record({
  file: fc.constantFrom(...FILES),
  cutAt: fc.option(position, { nil: undefined }),
  flips: fc.array(fc.record({ at: position, bit: fc.integer({ min: 0, max: 7 }) }), { maxLength: 8 }),
  overwrite: fc.option(fc.record({ at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }), {
    nil: undefined,
  }),
});

type Mutation = typeof mutationArbitrary extends fc.Arbitrary<infer T> ? T : never;

const fixturesPresent = sharedFixturesAvailable();

describe.skipIf(!fixturesPresent)('decodeFitFile on damaged copies of real files', () => {
  const originals = new Map(
    fixturesPresent ? FILES.map((file) => [file, readFileSync(fitFixture(file))]) : [],
  );

  it('never throws and always returns one of the three results, for 400 truncated / bit-flipped copies', async () => {
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(mutationArbitrary, async (mutation) => {
        const result = await decodeFitFile(mutate(originals.get(mutation.file)!, mutation));
        expectValidResult(result);
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // The mutations are mild enough that most copies still give activities, harsh enough to fail some.
    expect(statuses.get('activity')).toBeGreaterThan(200);
    expect(statuses.get('failed')).toBeGreaterThan(0);
  });

  it('handles random bytes behind a real FIT header', async () => {
    const header = originals.get('python-fitparse__garmin-fenix-5-run.fit')!.subarray(0, 14);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), fc.boolean(), async (body, announceBody) => {
        const bytes = Buffer.concat([header, body]);
        if (announceBody) bytes.writeUInt32LE(body.length, 4);
        expectValidResult(await decodeFitFile(bytes));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('decodeFitFile on random bytes', () => {
  it('never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        expectValidResult(await decodeFitFile(bytes));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

function mutate(original: Buffer, mutation: Mutation): Buffer {
  const bytes = Buffer.from(original);
  if (bytes.length === 0) return bytes;
  for (const flip of mutation.flips) {
    const at = Math.floor(flip.at * bytes.length);
    bytes[at] = bytes[at]! ^ (1 << flip.bit);
  }
  if (mutation.overwrite)
    bytes.set(
      mutation.overwrite.bytes.subarray(0, bytes.length),
      Math.floor(mutation.overwrite.at * Math.max(0, bytes.length - mutation.overwrite.bytes.length)),
    );
  return mutation.cutAt === undefined ? bytes : bytes.subarray(0, Math.floor(mutation.cutAt * bytes.length));
}

function expectValidResult(result: FitDecodeResult): void {
  switch (result.status) {
    case 'failed':
      expect(typeof result.reason).toBe('string');
      expect(result.reason.length).toBeGreaterThan(0);
      return;
    case 'not_activity':
      expect(result.fileType.length).toBeGreaterThan(0);
      expect(result.reason.length).toBeGreaterThan(0);
      expect(result.warnings.every((warning) => typeof warning === 'string')).toBe(true);
      return;
    case 'activity':
      expect(result.activities.length).toBeGreaterThan(0);
      expect(result.warnings.every((warning) => typeof warning === 'string' && warning.length > 0)).toBe(
        true,
      );
      for (const activity of result.activities) {
        expect(Number.isNaN(activity.startTime.getTime())).toBe(false);
        expect(Number.isFinite(activity.elapsedTimeS) && activity.elapsedTimeS >= 0).toBe(true);
        expect(activity.heartRateSamples).toBeGreaterThanOrEqual(0);
        // What the importer stores must serialise (no BigInt, no cycles).
        expect(() => JSON.stringify(activity.rawSession)).not.toThrow();
        const streams = activity.streams;
        if (!streams) continue;
        const lengths = Object.values(streams).map((values) => values.length);
        expect(new Set(lengths).size).toBe(1);
        expect(
          streams.heartRate?.every((value) => Number.isNaN(value) || (value > 0 && value < 250)) ?? true,
        ).toBe(true);
      }
      return;
    default:
      throw new Error(`unexpected result ${JSON.stringify(result)}`);
  }
}
