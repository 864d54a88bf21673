import type pg from 'pg';
import { importFitBytes, recordFailedFitImport } from '../../ingest/import-fit-bytes.ts';
import type { JobOutcome } from '../../jobs/job-definition.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import type { StoredConnection } from '../connections/connection.store.ts';
import { GarminPayloadError, parseGarminActivityFilePing } from './garmin.schemas.ts';
import { requireGarmin } from './garmin-job-context.ts';

/** Marks the sources and import-log lines of files fetched from Garmin (deregistration deletes them). */
export const GARMIN_FILE_ORIGIN = 'garmin';

/**
 * An `activityFiles` ping: the FIT file of one activity waits at `callbackURL`, for 24 hours and one
 * download. It is fetched with the runner's token and imported by the FIT importer, as an upload would be:
 * the file's recording then describes the activity (it outranks Garmin's summary and details). A link that
 * has expired or was used is written to the import log as a failed import with its reason, not retried.
 */
export async function importGarminActivityFile(
  context: JobContext,
  connection: StoredConnection,
  payload: unknown,
): Promise<JobOutcome> {
  const garmin = requireGarmin(context);
  const { pool } = context.db;
  let ping: ReturnType<typeof parseGarminActivityFilePing>;
  try {
    ping = parseGarminActivityFilePing(payload);
  } catch (error) {
    if (error instanceof GarminPayloadError) throw new PermanentJobError(error.message);
    throw error;
  }
  const fileName = `garmin-${ping.activityId ?? ping.summaryId}.fit`;
  const fail = async (reason: string): Promise<JobOutcome> => {
    await recordFailedFitImport(pool, connection.athleteId, { fileName, reason });
    return { status: 'skipped', reason };
  };
  if (await alreadyImported(pool, connection.athleteId, fileName)) {
    return { status: 'skipped', reason: `${fileName} was imported before` };
  }
  if (ping.fileType && ping.fileType.toUpperCase() !== 'FIT') {
    return fail(`Garmin offered a ${ping.fileType.slice(0, 10)} file; weekwise reads FIT files`);
  }
  // The runner's token goes only to Garmin: a ping naming another address is not Garmin's.
  if (new URL(ping.callbackURL).origin !== garmin.client.apiOrigin) {
    return fail("the file's address is not Garmin's API; it was not fetched");
  }
  const athlete = await context.db.prisma.athlete.findUnique({ where: { id: connection.athleteId } });
  if (!athlete) return { status: 'skipped', reason: 'the athlete was deleted' };
  const download = await garmin.withToken(connection.id, (token) =>
    garmin.client.downloadActivityFile(token, ping.callbackURL),
  );
  if (download.status === 'gone') return fail(download.reason);
  const result = await importFitBytes(pool, context.queue, athlete, {
    fileName,
    bytes: download.bytes,
    origin: GARMIN_FILE_ORIGIN,
  });
  if (result.status === 'failed') return { status: 'skipped', reason: `${fileName}: ${result.reason}` };
  return {
    status: 'success',
    detail: `${fileName}: ${result.status}, ${result.activities.length} activit${result.activities.length === 1 ? 'y' : 'ies'}`,
  };
}

async function alreadyImported(pool: pg.Pool, athleteId: string, fileName: string): Promise<boolean> {
  const { rows } = await pool.query(
    `SELECT 1 FROM import_log WHERE athlete_id = $1 AND file_name = $2 AND status IN ('imported', 'duplicate')
     LIMIT 1`,
    [athleteId, fileName],
  );
  return rows.length > 0;
}
