import type { PrismaClient } from '../db/database.ts';
import { createPooledFitDecoder, type FitDecoder, inlineFitDecoder } from '../fit/fit-decoder.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import { analyzeActivityJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { type CollectedPath, collectFiles } from './collect-files.ts';
import { commitFitFile } from './commit-fit-file.ts';
import type { FileImportResult } from './import-result.ts';
import { type PreparedFitFile, prepareFitFile } from './prepare-fit-file.ts';

export interface ImportFitFilesOptions {
  prisma: PrismaClient;
  athlete: Athlete;
  logger: Logger;
  /** New activities are queued for analysis once their file is committed. */
  queue?: JobQueue;
  /** Called once the files are known, then after each file: for progress bars. */
  onStart?: (fileCount: number) => void;
  onFile?: (result: FileImportResult) => void;
  /** How files are decoded; by default on worker threads from POOLED_FROM files on, else inline. */
  decoder?: FitDecoder;
}

/** Below this many files, starting worker threads costs more than it saves. */
const POOLED_FROM = 24;

type Prepared = { ok: true; file: PreparedFitFile } | { ok: false; result: FileImportResult };

/**
 * Imports files and folders (recursively) for one athlete; every input file gets a result, whatever
 * happens. Files are read and decoded a few ahead of the writes, so parsing (CPU, on worker threads for
 * bulk imports) overlaps the database's round trips; the writes themselves stay in order, one file at a
 * time, so duplicates inside one import are recognised.
 */
export async function importFitFiles(
  paths: string[],
  options: ImportFitFilesOptions,
): Promise<FileImportResult[]> {
  const files = await collectFiles(paths);
  options.onStart?.(files.length);
  const decoder =
    options.decoder ?? (files.length >= POOLED_FROM ? createPooledFitDecoder() : inlineFitDecoder);
  const lookahead = decoder === inlineFitDecoder ? 1 : 4;
  const results: FileImportResult[] = [];
  const ahead = new Map<number, Promise<Prepared>>();
  const prepareAhead = (index: number) => {
    const file = files[index];
    if (file && !ahead.has(index)) ahead.set(index, prepare(file, decoder, options));
  };
  try {
    for (let index = 0; index < files.length; index++) {
      for (let next = index; next <= index + lookahead; next++) prepareAhead(next);
      const prepared = await ahead.get(index)!;
      ahead.delete(index);
      const result = prepared.ok ? await commit(prepared.file, options) : prepared.result;
      results.push(result);
      options.onFile?.(result);
    }
  } finally {
    if (decoder !== options.decoder) await decoder.close();
  }
  return results;
}

async function prepare(
  file: CollectedPath,
  decoder: FitDecoder,
  options: ImportFitFilesOptions,
): Promise<Prepared> {
  if (file.problem)
    return { ok: false, result: { file: file.path, status: 'failed', reason: file.problem, activities: [] } };
  try {
    return { ok: true, file: await prepareFitFile(options.prisma, decoder, options.athlete.id, file.path) };
  } catch (error) {
    return { ok: false, result: unexpectedFailure(file.path, error, options) };
  }
}

async function commit(file: PreparedFitFile, options: ImportFitFilesOptions): Promise<FileImportResult> {
  let committed: Awaited<ReturnType<typeof commitFitFile>>;
  try {
    committed = await commitFitFile(options.prisma, options.athlete, file);
  } catch (error) {
    return unexpectedFailure(file.path, error, options);
  }
  // Queued only after the commit, so a worker never looks for an activity that is not there yet. If the
  // queue is down the file is still imported: the nightly run picks up athletes whose analysis is behind.
  try {
    for (const activityId of committed.createdIds)
      await options.queue?.enqueue(analyzeActivityJob, { activityId });
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
