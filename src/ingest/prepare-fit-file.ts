import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type pg from 'pg';
import { decodeFitFile, type FitDecodeResult } from '../fit/decode-fit-file.ts';
import { findEarlierImport } from './fit-import.sql.ts';

/** A file read, hashed and — unless it was imported before — decoded: everything but the writes. */
export interface PreparedFitFile {
  path: string;
  fileName: string;
  contentHash: string;
  sizeBytes: number;
  /** The import that stored this very content before, if any: the file is not decoded again. */
  earlier: { activityIds: string[] } | null;
  decoded: FitDecodeResult | null;
}

export async function prepareFitFile(
  pool: pg.Pool,
  athleteId: string,
  path: string,
): Promise<PreparedFitFile> {
  const bytes = await readFile(path);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const earlier = await findEarlierImport(pool, athleteId, contentHash);
  return {
    path,
    fileName: basename(path),
    contentHash,
    sizeBytes: bytes.length,
    earlier,
    decoded: earlier ? null : await decodeFitFile(bytes),
  };
}
