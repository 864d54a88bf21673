import type pg from 'pg';
import { markAthleteChangedSql } from '../athlete-analysis/mark-athlete-changed.ts';
import type { EncodedStream } from '../domain/stream-codec.ts';
import {
  ACTIVITY_COLUMNS,
  type ActivityRow,
  type FitSourceRow,
  IMPORT_LOG_COLUMNS,
  insertActivityWithSourceAndStreams,
  type NewActivity,
  StatementParameters,
} from './fit-import.sql.ts';
import { sameSessionCandidateParameters, sameSessionCandidates } from './same-session.ts';

export interface NewFitSession {
  activity: NewActivity;
  source: FitSourceRow;
  streams: EncodedStream[];
  log: { fileName: string; contentHash: string; sizeBytes: number; warnings: string[] };
}

/**
 * Stores a file's only session with its source, samples, import log and change mark, in one statement —
 * unless anything stored may be it: an earlier import of the same bytes, a source with its id, or any
 * activity of the athlete that starts within the same-session tolerance. Then nothing is written and the
 * result is null: the caller takes the general path (storeFitActivities), which judges those candidates.
 * Runs in the caller's transaction, after the athlete's session lock (beginLockingAthleteSessions).
 */
export async function insertFitSessionIfNew(
  client: pg.PoolClient,
  session: NewFitSession,
): Promise<{ activity: ActivityRow; changeCount: number } | null> {
  const parameters = new StatementParameters();
  const { activity, source, log } = session;
  const athlete = parameters.add(activity.athleteId);
  const contentHash = parameters.add(log.contentHash);
  const firstCandidateParameter = parameters.values.length + 1;
  for (const value of sameSessionCandidateParameters(activity.athleteId, activity)) parameters.add(value);
  const nothingKnown = `NOT EXISTS (SELECT FROM activity c WHERE ${sameSessionCandidates('c', firstCandidateParameter)})
    AND NOT EXISTS (SELECT FROM activity_source WHERE provider = 'fit_file' AND external_id = ${parameters.add(source.externalId)})
    AND NOT EXISTS (SELECT FROM import_log WHERE athlete_id = ${athlete} AND content_hash = ${contentHash}
                    AND status IN ('imported', 'duplicate'))`;
  const inserts = insertActivityWithSourceAndStreams(
    parameters,
    activity,
    source,
    session.streams,
    nothingKnown,
  );
  const text = `WITH ${inserts},
     log AS (
       INSERT INTO import_log (${IMPORT_LOG_COLUMNS})
       SELECT ${athlete}, ${parameters.add(log.fileName)}, ${contentHash}, ${parameters.add(log.sizeBytes)},
         'imported', NULL, ${parameters.add(log.warnings)}, ARRAY[a.id::text] FROM a),
     mark AS (${markAthleteChangedSql(athlete, 'a')})
     SELECT ${ACTIVITY_COLUMNS}, (SELECT change_count FROM mark) AS "changeCount" FROM a`;
  // A named statement is parsed and planned once per connection, not once per file: planning took the
  // server more time than running it. The text depends only on how many streams there are.
  const { rows } = await client.query<ActivityRow & { changeCount: number }>({
    name: `insert-fit-session-if-new-${session.streams.length}`,
    text,
    values: parameters.values,
  });
  const row = rows[0];
  if (!row) return null;
  const { changeCount, ...stored } = row;
  return { activity: stored, changeCount };
}
