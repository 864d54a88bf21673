import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFitFile } from '../../../src/fit/decode-fit-file.ts';
import { chooseFitDecoder, inlineFitDecoder, startDecodeThreads } from '../../../src/ingest/fit-decoder.ts';
import { fitFixture, sharedFixturesAvailable } from '../../support/shared-fixtures.ts';
import { capturingLogger } from '../../support/test-logger.ts';

const FILES = [
  'elevate__trosku.fit', // a run with heart rate
  'python-fitparse__activity-large-fenxi2-multisport.fit', // several sessions
  'python-fitparse__Settings.fit', // not an activity
  'elevate__empty.fit', // fails
];

describe.runIf(sharedFixturesAvailable())('decoding FIT files on threads', () => {
  it('gives what decoding in the main thread gives, streams included', async () => {
    const { logger, lines } = capturingLogger();
    const decoder = startDecodeThreads(2, logger);
    try {
      for (const name of FILES) {
        const bytes = readFileSync(fitFixture(name));
        const [threaded, inline] = await Promise.all([decoder.decode(bytes), decodeFitFile(bytes)]);
        expect(threaded, name).toEqual(inline);
      }
      const multisport = await decoder.decode(readFileSync(fitFixture(FILES[1]!)));
      expect(multisport.status === 'activity' && multisport.activities.length).toBeGreaterThan(1);
      const run = await decoder.decode(readFileSync(fitFixture(FILES[0]!)));
      expect(run.status === 'activity' && run.activities[0]!.streams!.heartRate).toBeInstanceOf(Float64Array);
    } finally {
      await decoder.close();
    }
    // Nothing fell back to the main thread.
    expect(lines.join('')).not.toMatch(/decode thread failed/);
  });

  it('decodes in the main thread, with one warning, when the threads cannot start', async () => {
    const { logger, lines } = capturingLogger();
    const missing = new URL('./no-such-entry.mjs', import.meta.url).href;
    const decoder = startDecodeThreads(2, logger, missing);
    try {
      const bytes = readFileSync(fitFixture(FILES[0]!));
      for (let round = 0; round < 2; round++) {
        expect(await decoder.decode(bytes)).toEqual(await decodeFitFile(bytes));
      }
    } finally {
      await decoder.close();
    }
    expect(lines.filter((line) => /decode thread failed/.test(line))).toHaveLength(1);
  });

  it('decodes in the main thread every file left when a thread dies on a task', async () => {
    const { logger, lines } = capturingLogger();
    const dying = new URL('../../support/dying-decode-thread.mjs', import.meta.url).href;
    const decoder = startDecodeThreads(2, logger, dying);
    try {
      const files = FILES.map((name) => readFileSync(fitFixture(name)));
      const decoded = await Promise.all(files.map((bytes) => decoder.decode(bytes)));
      expect(decoded).toEqual(await Promise.all(files.map((bytes) => decodeFitFile(bytes))));
    } finally {
      await decoder.close();
    }
    expect(lines.filter((line) => /decode thread failed/.test(line))).toHaveLength(1);
  });

  it('starts threads only for enough files to pay for them', async () => {
    const { logger } = capturingLogger();
    expect(chooseFitDecoder(1, logger)).toBe(inlineFitDecoder);
    const many = chooseFitDecoder(50, logger);
    try {
      // On a one-core machine the inline decoder is the right choice too.
      expect(many.parallel).toBeGreaterThanOrEqual(1);
    } finally {
      await many.close();
    }
  });
});
