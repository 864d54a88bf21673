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
 * Decoding on worker threads (piscina), for bulk imports: parsing is CPU-bound while the database writes
 * mostly wait, so with the parsing on other cores the two overlap. A thread loads the TypeScript sources
 * through tsx, which takes most of a second: until the first one is ready, files are decoded on the
 * calling thread, so a small import never waits for it.
 */
export function createPooledFitDecoder(
  threads = Math.max(1, Math.min(4, availableParallelism() - 1)),
): FitDecoder {
  const pool = new Piscina({
    filename: new URL('./decode-fit-worker.ts', import.meta.url).href,
    execArgv: ['--import', 'tsx'],
    minThreads: threads,
    maxThreads: threads,
  });
  let ready = false;
  // An empty file is decoded (as "failed") in no time: its answer says a thread has loaded the code.
  const warmUp = pool.run(new Uint8Array(0)).then(
    () => {
      ready = true;
    },
    () => undefined,
  );
  return {
    decode: (bytes) => (ready ? (pool.run(bytes) as Promise<FitDecodeResult>) : decodeFitFile(bytes)),
    async close() {
      await warmUp;
      await pool.destroy();
    },
  };
}
