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

/** Files read (and looked up by content) ahead of the one being decoded. */
const READ_AHEAD = 2;

/**
 * Imports files and folders (recursively) for one athlete; every input file gets a result, whatever
 * happens. Three stages overlap: while one file's commit is under way (one round trip for most files),
 * the next is decoded, and the ones after are read and looked up. The decode holds the thread, so it
 * starts only once the commit's queries are out. The writes stay in order, one file at a time, so that
 * duplicates inside one import are recognised.
 */
export async function importFitFiles(
  paths: string[],
  options: ImportFitFilesOptions,
): Promise<FileImportResult[]> {
  const files = await collectFiles(paths);
  options.onStart?.(files.length);
  const loads = new Map<number, Promise<Loaded>>();
  const takeLoaded = (index: number): Promise<Loaded> => {
    for (let next = index; next <= index + READ_AHEAD && next < files.length; next++) {
      if (!loads.has(next)) loads.set(next, load(files[next]!, options));
    }
    const loading = loads.get(index)!;
    loads.delete(index);
    return loading;
  };
  const results: FileImportResult[] = [];
  let decoding = files.length ? decodeAfterThisTurn(takeLoaded(0), options) : null;
  for (let index = 0; index < files.length; index++) {
    const prepared = await decoding!;
    const committing = prepared.ok ? commit(prepared.file, options) : Promise.resolve(prepared.result);
    decoding = index + 1 < files.length ? decodeAfterThisTurn(takeLoaded(index + 1), options) : null;
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

/** Decodes once the event loop has turned: the commit started just before sends its queries first. */
async function decodeAfterThisTurn(
  loading: Promise<Loaded>,
  options: ImportFitFilesOptions,
): Promise<Prepared> {
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
