import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { decodeFitFile, type FitDecodeResult } from './decode-fit-file.ts';

export interface FitDecoder {
  decode(bytes: Uint8Array): Promise<FitDecodeResult>;
  close(): Promise<void>;
}

/** Decoding on the calling thread: no start-up cost, for a handful of files. */
export const inlineFitDecoder: FitDecoder = {
  decode: (bytes) => decodeFitFile(bytes),
  close: async () => {},
};

/**
 * Decoding on worker threads (piscina), for bulk imports: parsing is CPU-bound and the database writes
 * are mostly waiting, so the two overlap and every core parses. Each thread loads the TypeScript sources
 * through tsx, which costs about a second at start-up: worth it from a few dozen files on.
 */
export function createPooledFitDecoder(
  threads = Math.max(1, Math.min(4, availableParallelism())),
): FitDecoder {
  const pool = new Piscina({
    filename: new URL('./decode-fit-worker.ts', import.meta.url).href,
    execArgv: ['--import', 'tsx'],
    minThreads: threads,
    maxThreads: threads,
  });
  return {
    decode: (bytes) => pool.run(bytes) as Promise<FitDecodeResult>,
    close: () => pool.destroy(),
  };
}
