import {
  MESG,
  mutateMessages,
  patchHeader,
  readFitMessages,
  shiftDate,
  shuffleRecords,
  swapHeader,
  writeFitMessages,
  YEAR_MS,
} from './fit-mutations.ts';

/**
 * The classes of broken FIT file weekwise must survive, and what it must make of each: imported with a
 * warning and sane values, or failed with a reason a runner can read. `expected` is the decision; the
 * test (test/integration/import-fit-mutations.test.ts) holds the product to it.
 */
export type MutationClass = 'header' | 'heart rate' | 'time' | 'distance' | 'duration' | 'order';

export interface MutationCase {
  name: string;
  class: MutationClass;
  mutate: (bytes: Uint8Array, donor: Uint8Array) => Uint8Array;
  expected:
    | { status: 'failed'; reason: RegExp }
    /** `warning`: one new warning (beyond the untouched file's) must say this; null: no new warning. */
    | { status: 'imported'; warning: RegExp | null }
    /** A file assembled from two: whatever is read of it, readably. */
    | { status: 'imported or failed' };
  /** What the stored activity must hold, against the untouched file's (see the test). */
  check?: keyof typeof CHECKS;
}

/** Named checks the test runs; kept as names so the cases stay data. */
export const CHECKS = {
  sameAsOriginal: 'same samples and figures as the untouched file',
  noHeartRate: 'no heart-rate sample, no heart-rate stream, no average or maximum',
  fewerHeartRates: 'fewer heart-rate samples, every one of them human, the average over them',
  firstHalfOnly: 'the records that left the session are dropped, the start stays',
  firstTwoThirdsOnly: 'the activity is the largest run of records; those years away are dropped',
  fifteenYearsBack: 'the run is placed fifteen years earlier, as recorded',
  placedByUtc: 'no UTC offset; the local date is the one of the UTC time in the athlete’s zone',
  recordsDistance: 'the distance is the records’ (never the impossible total)',
  speedsHuman: 'no speed sample of 100 m/s or more',
  durationFromRecords: 'the duration is the records’ span',
  movingWithinElapsed: 'moving time is at most the elapsed time',
} as const;

const HR_FIELDS = ['avgHeartRate', 'maxHeartRate'] as const;

function withoutHeartRateSummary(message: Record<string, unknown>): Record<string, unknown> {
  for (const field of HR_FIELDS) delete message[field];
  return message;
}

/** Every record's, lap's and session's heart rate changed (summaries removed unless `summary` is given). */
function everyHeartRate(bytes: Uint8Array, value: number, summary?: number): Uint8Array {
  const entries = readFitMessages(bytes).map(({ mesgNum, message }) => {
    const copy = { ...message };
    if (mesgNum === MESG.record) copy.heartRate = value;
    if (mesgNum === MESG.session || mesgNum === MESG.lap) {
      if (summary === undefined) withoutHeartRateSummary(copy);
      else for (const field of HR_FIELDS) copy[field] = summary;
    }
    return { mesgNum, message: copy };
  });
  return writeFitMessages(entries);
}

/** Every date in the file moved by `ms` (the local time too), as a watch with a wrong year writes it. */
function shiftWholeFile(bytes: Uint8Array, ms: number): Uint8Array {
  const entries = readFitMessages(bytes).map(({ mesgNum, message }) => {
    const copy = { ...message };
    for (const field of ['timestamp', 'startTime', 'timeCreated']) shiftDate(copy, field, ms);
    if (typeof copy.localTimestamp === 'number') copy.localTimestamp += Math.round(ms / 1000);
    return { mesgNum, message: copy };
  });
  return writeFitMessages(entries);
}

function sessionStart(bytes: Uint8Array): number {
  const session = readFitMessages(bytes).find(({ mesgNum }) => mesgNum === MESG.session);
  if (!(session?.message.startTime instanceof Date)) throw new Error('fit-mutations: no session start time');
  return session.message.startTime.getTime();
}

const inSecondHalf = (index: number, count: number) => index >= count / 2;
const inMiddleThird = (index: number, count: number) => index >= count / 3 && index < (2 * count) / 3;

export const MUTATION_CASES: MutationCase[] = [
  // --- the header ---------------------------------------------------------------------------------------
  {
    name: 'header size byte 13',
    class: 'header',
    mutate: (bytes) => patchHeader(bytes, { headerSize: 13 }),
    expected: { status: 'failed', reason: /not a FIT file: header size byte is 13/ },
  },
  {
    name: "'.FIT' signature corrupted",
    class: 'header',
    mutate: (bytes) => patchHeader(bytes, { signature: '.FTI' }),
    expected: { status: 'failed', reason: /not a FIT file: no '\.FIT' signature/ },
  },
  {
    name: 'nothing but the header',
    class: 'header',
    mutate: (bytes) => bytes.slice(0, bytes[0]),
    expected: { status: 'failed', reason: /truncated.*no intact data could be read/ },
  },
  {
    name: 'protocol version 15',
    class: 'header',
    mutate: (bytes) =>
      patchHeader(bytes, { protocolVersion: 0xf0, headerCrc: 'recompute', fileCrc: 'recompute' }),
    expected: { status: 'imported', warning: /FIT protocol 15, newer than weekwise knows/ },
    check: 'sameAsOriginal',
  },
  {
    name: 'profile version 655.35',
    class: 'header',
    mutate: (bytes) =>
      patchHeader(bytes, { profileVersion: 65_535, headerCrc: 'recompute', fileCrc: 'recompute' }),
    expected: { status: 'imported', warning: null },
    check: 'sameAsOriginal',
  },
  ...(
    [
      ['data size 1000 bytes larger than the file', (size: number) => size + 1000],
      ['data size 4 GB', () => 0xffff_ffff],
      ['data size half the file', (size: number) => Math.floor(size / 2)],
      ['data size 0', () => 0],
    ] as const
  ).map(
    ([name, dataSize]): MutationCase => ({
      name,
      class: 'header',
      // Header and file CRC left as written: they are what shows that only the size is wrong.
      mutate: (bytes) => patchHeader(bytes, { dataSize }),
      expected: {
        status: 'imported',
        warning: /the header announces \d+ bytes of data, but the file's CRC covers/,
      },
      check: 'sameAsOriginal',
    }),
  ),
  {
    name: 'header CRC wrong',
    class: 'header',
    mutate: (bytes) => patchHeader(bytes, { headerCrc: 0x1234 }),
    expected: { status: 'imported', warning: /header CRC mismatch/ },
    check: 'sameAsOriginal',
  },
  {
    name: "another file's header",
    class: 'header',
    mutate: (bytes, donor) => swapHeader(bytes, donor),
    expected: { status: 'imported or failed' },
  },
  // --- heart rate ---------------------------------------------------------------------------------------
  {
    name: 'HR 0 everywhere, summaries too',
    class: 'heart rate',
    mutate: (bytes) => everyHeartRate(bytes, 0, 0),
    expected: {
      status: 'imported',
      warning: /every heart-rate sample is 0 bpm or 250\+ bpm: read as no heart rate/,
    },
    check: 'noHeartRate',
  },
  {
    name: "HR 255 everywhere (FIT's 'no value')",
    class: 'heart rate',
    mutate: (bytes) => everyHeartRate(bytes, 255),
    expected: { status: 'imported', warning: null },
    check: 'noHeartRate',
  },
  {
    name: 'HR 254 everywhere',
    class: 'heart rate',
    mutate: (bytes) => everyHeartRate(bytes, 254),
    expected: { status: 'imported', warning: /read as no heart rate/ },
    check: 'noHeartRate',
  },
  {
    name: 'HR 0 and 250 in the middle third',
    class: 'heart rate',
    mutate: (bytes) =>
      writeFitMessages(
        readFitMessages(
          mutateMessages(bytes, MESG.record, (record, index, count) =>
            inMiddleThird(index, count) ? { ...record, heartRate: index % 2 ? 0 : 250 } : record,
          ),
        ).map(({ mesgNum, message }) => ({
          mesgNum,
          message: mesgNum === MESG.session ? withoutHeartRateSummary({ ...message }) : message,
        })),
      ),
    expected: {
      status: 'imported',
      warning: /\d+ of \d+ heart-rate samples were 0 bpm or 250\+ bpm: treated as sensor dropouts/,
    },
    check: 'fewerHeartRates',
  },
  // --- time -----------------------------------------------------------------------------------------------
  {
    name: 'records jump 5 years ahead halfway',
    class: 'time',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.record, (record, index, count) => {
        if (inSecondHalf(index, count)) shiftDate(record, 'timestamp', 5 * YEAR_MS);
        return record;
      }),
    expected: { status: 'imported', warning: /records outside every session's time span were left out/ },
    check: 'firstHalfOnly',
  },
  {
    name: 'records jump 5 years back halfway',
    class: 'time',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.record, (record, index, count) => {
        if (inSecondHalf(index, count)) shiftDate(record, 'timestamp', -5 * YEAR_MS);
        return record;
      }),
    expected: { status: 'imported', warning: /records outside every session's time span were left out/ },
    check: 'firstHalfOnly',
  },
  {
    name: 'no session, the last third of the records 5 years back',
    class: 'time',
    mutate: (bytes) =>
      writeFitMessages(
        readFitMessages(bytes)
          .filter(({ mesgNum }) => mesgNum !== MESG.session && mesgNum !== MESG.lap)
          .map(({ mesgNum, message }, index, entries) => {
            if (mesgNum !== MESG.record) return { mesgNum, message };
            const records = entries.filter((entry) => entry.mesgNum === MESG.record);
            const copy = { ...message };
            if (records.indexOf(entries[index]!) >= (2 * records.length) / 3) {
              shiftDate(copy, 'timestamp', -5 * YEAR_MS);
            }
            return { mesgNum, message: copy };
          }),
      ),
    expected: { status: 'imported', warning: /records outside every session's time span were left out/ },
    check: 'firstTwoThirdsOnly',
  },
  {
    name: 'the whole file 3 years in the future',
    class: 'time',
    mutate: (bytes) => shiftWholeFile(bytes, Date.now() + 3 * YEAR_MS - sessionStart(bytes)),
    expected: { status: 'failed', reason: /timestamps are implausible: session 1 starts .*, in the future/ },
  },
  {
    name: 'the whole file 15 years back',
    class: 'time',
    mutate: (bytes) => shiftWholeFile(bytes, -15 * YEAR_MS),
    expected: { status: 'imported', warning: null },
    check: 'fifteenYearsBack',
  },
  {
    name: 'local time 3 years ahead of UTC',
    class: 'time',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.activity, (activity) => {
        const utc = activity.timestamp as Date;
        const localSeconds = Math.round((utc.getTime() - Date.UTC(1989, 11, 31)) / 1000);
        return { ...activity, localTimestamp: localSeconds + Math.round((3 * YEAR_MS) / 1000) };
      }),
    expected: { status: 'imported', warning: /local time is about 3 years ahead of its UTC time/ },
    check: 'placedByUtc',
  },
  // --- distance and speed ---------------------------------------------------------------------------------
  {
    name: 'session distance -500 m (written unsigned)',
    class: 'distance',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.session, (session) => ({ ...session, totalDistance: -500 })),
    expected: { status: 'imported', warning: /a total distance of 42,949 km in .* is impossible/ },
    check: 'recordsDistance',
  },
  {
    name: 'session distance 40,000 km',
    class: 'distance',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.session, (session) => ({ ...session, totalDistance: 40_000_000 })),
    expected: { status: 'imported', warning: /a total distance of 40,000 km in .* is impossible/ },
    check: 'recordsDistance',
  },
  {
    name: 'negative record distances, no session total',
    class: 'distance',
    mutate: (bytes) =>
      writeFitMessages(
        readFitMessages(bytes).map(({ mesgNum, message }) => {
          const copy = { ...message };
          if (mesgNum === MESG.record && typeof copy.distance === 'number') copy.distance = -copy.distance;
          if (mesgNum === MESG.session || mesgNum === MESG.lap) delete copy.totalDistance;
          return { mesgNum, message: copy };
        }),
      ),
    expected: { status: 'imported', warning: null },
  },
  {
    name: 'record speeds of 500 m/s',
    class: 'distance',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.record, (record) => ({ ...record, enhancedSpeed: 500, speed: 60 })),
    expected: { status: 'imported', warning: null },
    check: 'speedsHuman',
  },
  // --- duration ---------------------------------------------------------------------------------------------
  {
    name: 'zero-length session, no records',
    class: 'duration',
    mutate: (bytes) =>
      writeFitMessages(
        readFitMessages(bytes)
          .filter(({ mesgNum }) => mesgNum !== MESG.record)
          .map(({ mesgNum, message }) => ({
            mesgNum,
            message:
              mesgNum === MESG.session
                ? { ...message, totalElapsedTime: 0, totalTimerTime: 0, timestamp: message.startTime }
                : message,
          })),
      ),
    expected: { status: 'failed', reason: /session 1 lasts 0 s and holds no samples/ },
  },
  {
    name: 'zero-length session with its records',
    class: 'duration',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.session, (session) => ({
        ...session,
        totalElapsedTime: 0,
        totalTimerTime: 0,
        timestamp: session.startTime,
      })),
    expected: { status: 'imported', warning: /says it lasted 0 s: its duration was taken from its records/ },
    check: 'durationFromRecords',
  },
  {
    name: 'timer time -1 s (written unsigned)',
    class: 'duration',
    mutate: (bytes) => mutateMessages(bytes, MESG.session, (session) => ({ ...session, totalTimerTime: -1 })),
    expected: { status: 'imported', warning: /says its timer ran 50 days, longer than the activity/ },
    check: 'movingWithinElapsed',
  },
  {
    name: 'elapsed and timer time 46 days',
    class: 'duration',
    mutate: (bytes) =>
      mutateMessages(bytes, MESG.session, (session) => ({
        ...session,
        totalElapsedTime: 4_000_000,
        totalTimerTime: 4_000_000,
      })),
    expected: { status: 'imported', warning: /says it lasted 46 days, more than an activity can/ },
    check: 'durationFromRecords',
  },
  // --- order ------------------------------------------------------------------------------------------------
  {
    name: 'records shuffled',
    class: 'order',
    mutate: (bytes) => shuffleRecords(bytes, 7),
    expected: { status: 'imported', warning: null },
    check: 'sameAsOriginal',
  },
];
