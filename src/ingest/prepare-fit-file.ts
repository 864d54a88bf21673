import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type pg from 'pg';
import { decodeFitFile, type FitDecodeResult } from '../fit/decode-fit-file.ts';
import { findEarlierImport } from './fit-import.sql.ts';

/** A file read, hashed and looked up: is this very content imported already? */
export interface LoadedFitFile {
  path: string;
  fileName: string;
  bytes: Uint8Array;
  contentHash: string;
  /** The import that stored this very content before, if any: the file is not decoded again. */
  earlier: { activityIds: string[] } | null;
  /** Where weekwise fetched the file from (e.g. 'garmin'); unset for files handed to `weekwise import`. */
  origin?: string | undefined;
}

/** A file read, hashed and — unless it was imported before — decoded: everything but the writes. */
export interface PreparedFitFile {
  path: string;
  fileName: string;
  contentHash: string;
  sizeBytes: number;
  earlier: { activityIds: string[] } | null;
  decoded: FitDecodeResult | null;
  origin?: string | undefined;
}

export async function loadFitFile(pool: pg.Pool, athleteId: string, path: string): Promise<LoadedFitFile> {
  return lookUpFitBytes(pool, athleteId, { path, fileName: basename(path), bytes: await readFile(path) });
}

/** The same for a file that is already in memory (a download from a provider: issue 5). */
export async function lookUpFitBytes(
  pool: pg.Pool,
  athleteId: string,
  file: { path: string; fileName: string; bytes: Uint8Array; origin?: string },
): Promise<LoadedFitFile> {
  const contentHash = createHash('sha256').update(file.bytes).digest('hex');
  return { ...file, contentHash, earlier: await findEarlierImport(pool, athleteId, contentHash) };
}

export async function decodeLoadedFitFile(file: LoadedFitFile): Promise<PreparedFitFile> {
  return {
    path: file.path,
    fileName: file.fileName,
    contentHash: file.contentHash,
    sizeBytes: file.bytes.length,
    earlier: file.earlier,
    decoded: file.earlier ? null : await decodeFitFile(file.bytes),
    ...(file.origin ? { origin: file.origin } : {}),
  };
}

export async function prepareFitBytes(
  pool: pg.Pool,
  athleteId: string,
  file: { path: string; fileName: string; bytes: Uint8Array; origin?: string },
): Promise<PreparedFitFile> {
  return decodeLoadedFitFile(await lookUpFitBytes(pool, athleteId, file));
}
