import type pg from 'pg';
import { markAthleteChanged } from '../../athlete-analysis/mark-athlete-changed.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import { deleteAllProviderData, deleteProviderSource } from '../../ingest/provider-activity.store.ts';
import type { JobOutcome } from '../../jobs/job-definition.ts';
import { recomputeAthleteJob } from '../../jobs/job-definitions.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { ConnectionUnusableError } from '../connections/access-token.ts';
import { type StoredConnection, setConnectionStatus } from '../connections/connection.store.ts';
import { GARMIN_FILE_ORIGIN } from './garmin-activity-files.ts';

/**
 * A deregistration notification. Garmin's notifications are not signed, and this one deletes what Garmin
 * brought: it is believed only when Garmin refuses the link's token too (a real deregistration kills
 * every token; a forged one finds the token still working). An outage throws: the job retries later.
 */
export async function handleGarminDeregistration(
  context: JobContext,
  connection: StoredConnection,
): Promise<JobOutcome> {
  const garmin = context.providers.garmin;
  if (garmin) {
    try {
      await garmin.withToken(connection.id, (token) => garmin.client.userId(token));
      context.logger.warn(
        { connectionId: connection.id },
        'a deregistration for a link Garmin still accepts: ignored as not from Garmin',
      );
      return {
        status: 'skipped',
        reason: 'Garmin still accepts our access: the notification was not from Garmin',
      };
    } catch (error) {
      if (!(error instanceof ConnectionUnusableError)) throw error;
    }
  }
  return deregisterGarminLink(context, connection, 'weekwise was removed from your Garmin Connect account');
}

/**
 * The runner removed weekwise from Garmin Connect (or asked weekwise to unlink): sync stops and what
 * Garmin brought goes — summaries, details, and the FIT files fetched from Garmin — while runs that
 * another source describes (Strava, a file the runner uploaded) stay with that source. The link is kept
 * as revoked, without tokens, so the runner can see what happened.
 */
export async function deregisterGarminLink(
  context: Pick<JobContext, 'db' | 'queue'>,
  connection: StoredConnection,
  reason: string,
): Promise<JobOutcome> {
  const { removed, files, changeCount } = await inTransaction(context.db.pool, async (client) => {
    const removed = await deleteAllProviderData(client, connection.athleteId, 'garmin');
    const files = await deleteFilesFromGarmin(client, connection.athleteId);
    await setConnectionStatus(client, connection.id, 'revoked', reason);
    return { removed, files, changeCount: await markAthleteChanged(client, connection.athleteId) };
  });
  await context.queue.enqueue(recomputeAthleteJob, { athleteId: connection.athleteId, changeCount });
  return {
    status: 'success',
    detail: `link revoked; removed ${removed.sources} Garmin summaries and ${files} files fetched from Garmin`,
  };
}

/** FIT files weekwise fetched from Garmin: their sources (the activity goes when none is left) and log lines. */
async function deleteFilesFromGarmin(client: pg.PoolClient, athleteId: string): Promise<number> {
  const { rows } = await client.query<{ externalId: string; contentHash: string | null }>(
    `SELECT s.external_id AS "externalId", s.raw_payload->>'contentHash' AS "contentHash"
     FROM activity_source s JOIN activity a ON a.id = s.activity_id
     WHERE s.provider = 'fit_file' AND a.athlete_id = $1 AND s.raw_payload->>'origin' = $2`,
    [athleteId, GARMIN_FILE_ORIGIN],
  );
  for (const row of rows) await deleteProviderSource(client, 'fit_file', row.externalId, athleteId);
  const hashes = [...new Set(rows.flatMap((row) => (row.contentHash ? [row.contentHash] : [])))];
  // Without this, the same file fetched again after a new link would be taken for one imported before.
  await client.query(
    `DELETE FROM import_log WHERE athlete_id = $1
       AND (content_hash = ANY($2::text[]) OR (content_hash = '' AND file_name LIKE 'garmin-%'))`,
    [athleteId, hashes],
  );
  return hashes.length;
}
