import type { Database } from '../db/database.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { type CollectedPath, collectFiles } from './collect-files.ts';
import { commitFitFile, queueAnalysisOfFile } from './commit-fit-file.ts';
import type { FileImportResult } from './import-result.ts';
import { type PreparedFitFile, prepareFitFile } from './prepare-fit-file.ts';

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

type Prepared = { ok: true; file: PreparedFitFile } | { ok: false; result: FileImportResult };

/**
 * Imports files and folders (recursively) for one athlete; every input file gets a result, whatever
 * happens. The next file is read and decoded while the current one is written, so parsing overlaps the
 * database's round trips; the writes themselves stay in order, one file at a time, so that duplicates
 * inside one import are recognised.
 */
export async function importFitFiles(
  paths: string[],
  options: ImportFitFilesOptions,
): Promise<FileImportResult[]> {
  const files = await collectFiles(paths);
  options.onStart?.(files.length);
  const results: FileImportResult[] = [];
  let next = files[0] ? prepare(files[0], options) : null;
  for (let index = 0; index < files.length; index++) {
    const prepared = await next!;
    next = files[index + 1] ? prepare(files[index + 1]!, options) : null;
    const result = prepared.ok ? await commit(prepared.file, options) : prepared.result;
    results.push(result);
    options.onFile?.(result);
  }
  return results;
}

async function prepare(file: CollectedPath, options: ImportFitFilesOptions): Promise<Prepared> {
  if (file.problem)
    return { ok: false, result: { file: file.path, status: 'failed', reason: file.problem, activities: [] } };
  try {
    return { ok: true, file: await prepareFitFile(options.db.pool, options.athlete.id, file.path) };
  } catch (error) {
    return { ok: false, result: unexpectedFailure(file.path, error, options) };
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
