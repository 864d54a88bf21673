import { decodeFitFile } from './decode-fit-file.ts';

/** Piscina task: decode one FIT file off the main thread (the result is structured-cloned back). */
export default function decodeInWorker(bytes: Uint8Array) {
  return decodeFitFile(bytes);
}
