import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { decodeFitFile, type FitDecodeResult } from '../fit/decode-fit-file.ts';
import type { Logger } from '../logging/logger.ts';

/** Turns a FIT file's bytes into activities; `decode` never throws (see decodeFitFile). */
export interface FitDecoder {
  /** How many files it decodes at once. */
  readonly parallel: number;
  decode(bytes: Uint8Array): Promise<FitDecodeResult>;
  close(): Promise<void>;
}

export const inlineFitDecoder: FitDecoder = {
  parallel: 1,
  decode: decodeFitFile,
  close: async () => undefined,
};

/** Below this many files, starting threads (a few hundred ms) costs more than it saves. */
const MIN_FILES_FOR_THREADS = 4;
const MAX_THREADS = 4;

/**
 * Decoding is CPU-bound and synchronous: inline, it blocks the event loop, so the database writes of the
 * file before cannot progress meanwhile, and it uses one core. For a folder of files, decode threads use
 * every core while the importer's thread only writes.
 */
export function chooseFitDecoder(fileCount: number, logger: Logger): FitDecoder {
  const threads = decodeThreadCount();
  if (fileCount < MIN_FILES_FOR_THREADS || threads < 2) return inlineFitDecoder;
  return startDecodeThreads(threads, logger);
}

const THREAD_ENTRY = new URL('./fit-decode-thread.mjs', import.meta.url).href;

/** One decode thread per core, up to MAX_THREADS. */
export function decodeThreadCount(): number {
  return Math.min(availableParallelism(), MAX_THREADS);
}

/** `entry` is the thread's module: tests hand one that cannot start or dies. */
export function startDecodeThreads(threads: number, logger: Logger, entry = THREAD_ENTRY): FitDecoder {
  const pool = new Piscina({
    filename: entry,
    minThreads: threads,
    maxThreads: threads,
  });
  // After any thread failure (one that cannot start, or died: out of memory), the pool is given up and
  // every file left is decoded in the main thread: slower, never lost, never hanging on a thread.
  let failed = false;
  const giveUp = (error: unknown) => {
    if (failed) return;
    failed = true;
    logger.warn({ err: error }, 'a FIT decode thread failed; decoding in the main thread');
    pool.destroy().catch(() => undefined);
  };
  pool.on('error', giveUp);
  return {
    parallel: threads,
    async decode(bytes) {
      if (failed) return decodeFitFile(bytes);
      // The bytes are copied to the thread (not transferred), so they are still here if it fails.
      try {
        return (await pool.run(bytes)) as FitDecodeResult;
      } catch (error) {
        giveUp(error);
        return decodeFitFile(bytes);
      }
    },
    close: () => (failed ? Promise.resolve() : pool.destroy()),
  };
}
