import { move, transferableSymbol, valueSymbol } from 'piscina';
import { decodeFitFile, type FitDecodeResult } from '../fit/decode-fit-file.ts';

/**
 * What a decode thread runs for one file. The activities' sample streams go back to the importer's thread
 * as transferred buffers, not copies.
 */
export async function decodeInThread(bytes: Uint8Array): Promise<FitDecodeResult> {
  const result = await decodeFitFile(bytes);
  return move({
    [transferableSymbol]: streamBuffers(result),
    [valueSymbol]: result,
  }) as unknown as FitDecodeResult;
}

function streamBuffers(result: FitDecodeResult): ArrayBuffer[] {
  if (result.status !== 'activity') return [];
  const buffers = new Set<ArrayBuffer>();
  for (const activity of result.activities) {
    for (const stream of Object.values(activity.streams ?? {})) {
      if (stream?.buffer instanceof ArrayBuffer) buffers.add(stream.buffer);
    }
  }
  return [...buffers];
}
