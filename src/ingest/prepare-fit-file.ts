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

/** A file's bytes, before they are looked up. */
type FitFileBytes = Omit<LoadedFitFile, 'contentHash' | 'earlier'>;

/** A file read, hashed and — unless it was imported before — decoded: everything but the writes. */
export interface PreparedFitFile extends Omit<LoadedFitFile, 'bytes'> {
  sizeBytes: number;
  decoded: FitDecodeResult | null;
}

export async function loadFitFile(pool: pg.Pool, athleteId: string, path: string): Promise<LoadedFitFile> {
  return lookUpFitBytes(pool, athleteId, { path, fileName: basename(path), bytes: await readFile(path) });
}

/** The same for a file that is already in memory (a download from a provider: issue 5). */
export async function lookUpFitBytes(
  pool: pg.Pool,
  athleteId: string,
  file: FitFileBytes,
): Promise<LoadedFitFile> {
  const contentHash = createHash('sha256').update(file.bytes).digest('hex');
  return { ...file, contentHash, earlier: await findEarlierImport(pool, athleteId, contentHash) };
}

export async function decodeLoadedFitFile(file: LoadedFitFile): Promise<PreparedFitFile> {
  const { bytes, ...identity } = file;
  return {
    ...identity,
    sizeBytes: bytes.length,
    decoded: file.earlier ? null : await decodeFitFile(bytes),
  };
}

export async function prepareFitBytes(
  pool: pg.Pool,
  athleteId: string,
  file: FitFileBytes,
): Promise<PreparedFitFile> {
  return decodeLoadedFitFile(await lookUpFitBytes(pool, athleteId, file));
}
