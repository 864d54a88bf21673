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
  /** Where weekwise fetched the file from (e.g. 'garmin'); unset for files handed to `weekwise import`. */
  origin?: string | undefined;
}

export async function prepareFitFile(
  pool: pg.Pool,
  athleteId: string,
  path: string,
): Promise<PreparedFitFile> {
  return prepareFitBytes(pool, athleteId, { path, fileName: basename(path), bytes: await readFile(path) });
}

/** The same for a file that is already in memory (a download from a provider: issue 5). */
export async function prepareFitBytes(
  pool: pg.Pool,
  athleteId: string,
  file: { path: string; fileName: string; bytes: Uint8Array; origin?: string },
): Promise<PreparedFitFile> {
  const { bytes } = file;
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const earlier = await findEarlierImport(pool, athleteId, contentHash);
  return {
    path: file.path,
    fileName: file.fileName,
    contentHash,
    sizeBytes: bytes.length,
    earlier,
    decoded: earlier ? null : await decodeFitFile(bytes),
    ...(file.origin ? { origin: file.origin } : {}),
  };
}
