import { Decoder, Stream } from '@garmin/fitsdk';
import FitParser from 'fit-file-parser';
import { describe, expect, it } from 'vitest';
import type { ImportedActivity } from '../../../src/domain/activity.ts';
import { toImportedActivity } from '../../../src/synthetic/activity-summary.ts';
import { DEFAULT_PHYSIOLOGY } from '../../../src/synthetic/athlete-physiology.ts';
import { generateRide, generateStrengthSession } from '../../../src/synthetic/cross-training.ts';
import { encodeActivityFit, encodeChainedFit } from '../../../src/synthetic/fit-writer.ts';
import { generateSyntheticRun } from '../../../src/synthetic/synthetic-run.ts';

const START = new Date('2025-06-03T04:47:12Z');
const OFFSET_S = 7200;

function parseFit(bytes: Uint8Array) {
  return new FitParser({ force: true, speedUnit: 'm/s', lengthUnit: 'm', mode: 'list' }).parseAsync(
    Buffer.from(bytes),
  );
}

function syntheticEasyRun(): ImportedActivity {
  const run = generateSyntheticRun({
    kind: 'easy',
    seed: 17,
    physiology: DEFAULT_PHYSIOLOGY,
    artifacts: { pauses: 2, dropouts: 1 },
  });
  return toImportedActivity(
    { sport: 'running', subSport: null, startTime: START, utcOffsetS: OFFSET_S },
    run.summary,
    run.streams,
  );
}

/** Walks chained sections by each header's data size: header + data + 2-byte CRC. */
function sectionOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const headerSize = view.getUint8(offset);
    const signature = String.fromCharCode(...bytes.subarray(offset + 8, offset + 12));
    expect(headerSize).toBe(14);
    expect(signature).toBe('.FIT');
    offsets.push(offset);
    offset += headerSize + view.getUint32(offset + 4, true) + 2;
  }
  expect(offset).toBe(bytes.length);
  return offsets;
}

describe('encodeActivityFit', () => {
  const activity = syntheticEasyRun();
  const streams = activity.streams!;
  const bytes = encodeActivityFit(activity);

  it('writes a file the Garmin SDK accepts (header, CRC)', () => {
    const decoder = new Decoder(Stream.fromByteArray(bytes));
    expect(decoder.isFIT()).toBe(true);
    expect(decoder.checkIntegrity()).toBe(true);
  });

  it('round-trips through fit-file-parser: sport, start, session totals', async () => {
    const parsed = await parseFit(bytes);
    expect(parsed.file_ids?.[0]).toMatchObject({ type: 'activity', manufacturer: 'development' });
    const session = parsed.sessions![0]!;
    expect(session.sport).toBe('running');
    expect(session.sub_sport).toBe('generic');
    expect(session.start_time).toEqual(START);
    expect(session.total_elapsed_time).toBe(activity.elapsedTimeS);
    expect(session.total_timer_time).toBe(activity.movingTimeS);
    expect(session.total_distance).toBeCloseTo(activity.distanceM!, 2);
    expect(session.avg_heart_rate).toBe(activity.avgHeartRate);
    expect(session.max_heart_rate).toBe(activity.maxHeartRate);
    expect(parsed.laps).toHaveLength(1);
    const local = parsed.activity.local_timestamp!.getTime() - parsed.activity.timestamp!.getTime();
    expect(local).toBe(OFFSET_S * 1000);
    expect(parsed.activity.num_sessions).toBe(1);
  });

  it('writes one record per sample with HR, distance, speed, altitude and per-leg cadence', async () => {
    const records = (await parseFit(bytes)).records!;
    expect(records).toHaveLength(streams.timeS.length);
    const mismatches: string[] = [];
    records.forEach((record, index) => {
      const hr = streams.heartRate![index]!;
      const expectedTime = START.getTime() + streams.timeS[index]! * 1000;
      if ((record.timestamp as Date).getTime() !== expectedTime) mismatches.push(`time@${index}`);
      if (Number.isNaN(hr) ? record.heart_rate !== undefined : record.heart_rate !== hr)
        mismatches.push(`hr@${index}`);
      if (Math.abs(record.distance! - streams.distanceM![index]!) > 0.006)
        mismatches.push(`distance@${index}`);
      if (Math.abs(record.enhanced_speed! - streams.speedMps![index]!) > 0.0006)
        mismatches.push(`speed@${index}`);
      if (Math.abs(record.enhanced_altitude! - streams.altitudeM![index]!) > 0.11)
        mismatches.push(`alt@${index}`);
      const stepsPerMinute = 2 * (record.cadence! + (record.fractional_cadence ?? 0));
      if (stepsPerMinute !== streams.cadence![index]) mismatches.push(`cadence@${index}`);
    });
    expect(mismatches).toEqual([]);
    expect(streams.heartRate!.some(Number.isNaN)).toBe(true);
  });

  it('writes only the enhanced speed and altitude unless legacy fields are asked for', async () => {
    const [modern] = (await parseFit(bytes)).records!;
    expect(modern).not.toHaveProperty('speed');
    const [legacy] = (await parseFit(encodeActivityFit(activity, { legacyFields: true }))).records!;
    expect(legacy!.speed).toBe(streams.speedMps![0]);
    expect(legacy!.altitude).toBeCloseTo(streams.altitudeM![0]!, 1);
  });

  it('marks each pause with a timer stop and start', async () => {
    const events = (await parseFit(bytes)).events!.filter((event) => event.event === 'timer');
    expect(events.map((event) => event.event_type)).toEqual([
      'start',
      'stop_all',
      'start',
      'stop_all',
      'start',
      'stop_all',
    ]);
  });

  it('writes strength sessions as training / strength_training with HR only', async () => {
    const strength = generateStrengthSession({
      seed: 3,
      physiology: DEFAULT_PHYSIOLOGY,
      durationS: 40 * 60,
      sampleIntervalS: 1,
      recorded: true,
    });
    const parsed = await parseFit(
      encodeActivityFit(
        toImportedActivity(
          { sport: 'strength', subSport: null, startTime: START, utcOffsetS: 0 },
          strength.summary,
          strength.streams,
        ),
      ),
    );
    expect(parsed.sessions![0]).toMatchObject({ sport: 'training', sub_sport: 'strength_training' });
    expect(parsed.sessions![0]!.total_distance).toBeUndefined();
    expect(
      parsed.records!.every((record) => record.heart_rate !== undefined && record.distance === undefined),
    ).toBe(true);
  });

  it('writes rides with cadence in rpm (not halved) and FIT’s road sub-sport', async () => {
    const ride = generateRide({
      seed: 4,
      physiology: DEFAULT_PHYSIOLOGY,
      durationS: 60 * 60,
      sampleIntervalS: 5,
    });
    const parsed = await parseFit(
      encodeActivityFit(
        toImportedActivity(
          { sport: 'cycling', subSport: 'road', startTime: START, utcOffsetS: null },
          ride.summary,
          ride.streams,
        ),
      ),
    );
    expect(parsed.sessions![0]).toMatchObject({ sport: 'cycling', sub_sport: 'road' });
    expect(parsed.records![100]!.cadence).toBe(ride.streams!.cadence![100]);
    expect(parsed.activity.local_timestamp).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(encodeActivityFit(activity)).toEqual(bytes);
  });
});

describe('encodeChainedFit', () => {
  it('puts sections back to back, each with its own header and CRC', () => {
    const first = encodeActivityFit(syntheticEasyRun());
    const second = encodeActivityFit({
      ...syntheticEasyRun(),
      startTime: new Date(START.getTime() + 86_400_000),
    });
    const chained = encodeChainedFit([first, second]);
    expect(chained).toHaveLength(first.length + second.length);
    expect(sectionOffsets(chained)).toEqual([0, first.length]);
    // The Garmin SDK reads every section of a chained file.
    const { messages, errors } = new Decoder(Stream.fromByteArray(chained)).read();
    expect(errors).toEqual([]);
    expect(messages.sessionMesgs).toHaveLength(2);
  });
});
