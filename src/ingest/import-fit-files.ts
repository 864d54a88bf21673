import { setImmediate } from 'node:timers/promises';
import type { Database } from '../db/database.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { type CollectedPath, collectFiles } from './collect-files.ts';
import { commitFitFile, queueAnalysisOfFile } from './commit-fit-file.ts';
import type { FileImportResult } from './import-result.ts';
import {
  decodeLoadedFitFile,
  type LoadedFitFile,
  loadFitFile,
  type PreparedFitFile,
} from './prepare-fit-file.ts';

export interface ImportFitFilesOptions {
  db: Database;
  athlete: Athlete;
  logger: Logger;
  /** New activities are queued for analysis once their file is committed. */
  queue?: JobQueue;
  /** Called once the files are known, then after each file: for progress bars. */
  onStart?: (fileCount: number) => void;
  onFile?: (result: FileImportResult) => void;
}

type Loaded = { ok: true; file: LoadedFitFile } | { ok: false; result: FileImportResult };
type Prepared = { ok: true; file: PreparedFitFile } | { ok: false; result: FileImportResult };

/** Files decoded ahead of the one being committed: their decodes fill the waits for the database. */
const DECODE_AHEAD = 3;
/** Files read (and looked up by content) ahead of the one being decoded. */
const READ_AHEAD = 2;

/**
 * Imports files and folders (recursively) for one athlete; every input file gets a result, whatever
 * happens. Three stages overlap: files are read and looked up by content, decoded (one at a time, as the
 * decode holds the thread), and committed (one round trip for most files) — each stage a few files ahead
 * of the next. The commits stay in order, one file at a time, so that duplicates inside one import are
 * recognised; between two decodes the event loop turns, so a commit's answer is handled and the next
 * commit sent while the decodes go on.
 */
export async function importFitFiles(
  paths: string[],
  options: ImportFitFilesOptions,
): Promise<FileImportResult[]> {
  const files = await collectFiles(paths);
  options.onStart?.(files.length);
  const loads = new Map<number, Promise<Loaded>>();
  const decodes = new Map<number, Promise<Prepared>>();
  let loadsStarted = 0;
  let decodesStarted = 0;
  let lastDecode: Promise<unknown> = Promise.resolve();
  const decodeUpTo = (last: number) => {
    for (; decodesStarted <= Math.min(last, files.length - 1); decodesStarted++) {
      for (; loadsStarted <= Math.min(decodesStarted + READ_AHEAD, files.length - 1); loadsStarted++) {
        loads.set(loadsStarted, load(files[loadsStarted]!, options));
      }
      const decoding = decodeAfter(lastDecode, loads.get(decodesStarted)!, options);
      decodes.set(decodesStarted, decoding);
      loads.delete(decodesStarted);
      lastDecode = decoding;
    }
  };
  const results: FileImportResult[] = [];
  for (let index = 0; index < files.length; index++) {
    decodeUpTo(index);
    const prepared = await decodes.get(index)!;
    decodes.delete(index);
    const committing = prepared.ok ? commit(prepared.file, options) : Promise.resolve(prepared.result);
    decodeUpTo(index + DECODE_AHEAD);
    const result = await committing;
    results.push(result);
    options.onFile?.(result);
  }
  return results;
}

async function load(file: CollectedPath, options: ImportFitFilesOptions): Promise<Loaded> {
  if (file.problem)
    return { ok: false, result: { file: file.path, status: 'failed', reason: file.problem, activities: [] } };
  try {
    return { ok: true, file: await loadFitFile(options.db.pool, options.athlete.id, file.path) };
  } catch (error) {
    return { ok: false, result: unexpectedFailure(file.path, error, options) };
  }
}

/**
 * Decodes a file once the one before it is decoded, and after a turn of the event loop: a commit started
 * meanwhile sends its queries first, and answers that came in are handled.
 */
async function decodeAfter(
  previous: Promise<unknown>,
  loading: Promise<Loaded>,
  options: ImportFitFilesOptions,
): Promise<Prepared> {
  await previous;
  const loaded = await loading;
  if (!loaded.ok) return loaded;
  await setImmediate();
  try {
    return { ok: true, file: await decodeLoadedFitFile(loaded.file) };
  } catch (error) {
    return { ok: false, result: unexpectedFailure(loaded.file.path, error, options) };
  }
}

async function commit(file: PreparedFitFile, options: ImportFitFilesOptions): Promise<FileImportResult> {
  let committed: Awaited<ReturnType<typeof commitFitFile>>;
  try {
    committed = await commitFitFile(options.db.pool, options.athlete, file);
  } catch (error) {
    return unexpectedFailure(file.path, error, options);
  }
  // Queued only after the commit, so a worker never looks for an activity that is not there yet. If the
  // queue is down the file is still imported: the nightly run picks up athletes whose analysis is behind.
  try {
    if (options.queue) await queueAnalysisOfFile(options.queue, options.athlete.id, committed);
  } catch (error) {
    options.logger.warn(
      { err: error, file: file.path },
      'imported, but could not queue the analysis; the nightly run will',
    );
  }
  return committed.result;
}

function unexpectedFailure(path: string, error: unknown, options: ImportFitFilesOptions): FileImportResult {
  options.logger.error({ err: error, file: path }, 'import of a file failed unexpectedly');
  const reason = `could not import: ${(error as Error).message ?? String(error)}`;
  return { file: path, status: 'failed', reason, activities: [] };
}
