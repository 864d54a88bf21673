import type pg from 'pg';
import type { Database } from '../../db/database.ts';
import { garminBackfillJob, SYNC_PRIORITY } from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { BackfillSummaryType } from './garmin.client.ts';

/** One window of one summary type, as its job carries it. */
export interface BackfillRequest {
  connectionId: string;
  summaryType: BackfillSummaryType;
  startS: number;
  endS: number;
  /** The minute it was asked: part of the job id. */
  requestedAt: string;
}

/**
 * A request unanswered this long is taken for lost (with Redis, or given up through an outage) rather than
 * still waiting in the queue behind other work.
 */
const UNANSWERED_FOR_MS = 10 * 60_000;

/** Writes the requests down as unanswered; asking a window again makes it unanswered again. */
export async function recordBackfillRequests(
  pool: pg.Pool,
  requests: readonly BackfillRequest[],
  now: Date,
): Promise<void> {
  if (requests.length === 0) return;
  await pool.query(
    `INSERT INTO garmin_backfill_request (connection_id, summary_type, start_s, end_s, requested_at, asked_at)
     SELECT *, $6::timestamptz FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[], $5::text[])
     ON CONFLICT (connection_id, summary_type, start_s) DO UPDATE
       SET end_s = excluded.end_s, requested_at = excluded.requested_at, asked_at = excluded.asked_at,
         answered_at = NULL`,
    [
      requests.map((request) => request.connectionId),
      requests.map((request) => request.summaryType),
      requests.map((request) => request.startS),
      requests.map((request) => request.endS),
      requests.map((request) => request.requestedAt),
      now,
    ],
  );
}

/** Garmin answered the window (accepted, already had it, or refused it for good): nothing more to ask. */
export async function markBackfillAnswered(
  pool: pg.Pool,
  request: Omit<BackfillRequest, 'requestedAt' | 'endS'>,
  now: Date,
): Promise<void> {
  await pool.query(
    `UPDATE garmin_backfill_request SET answered_at = $4
     WHERE connection_id = $1 AND summary_type = $2 AND start_s = $3 AND answered_at IS NULL`,
    [request.connectionId, request.summaryType, request.startS, now],
  );
}

/**
 * What the scheduler's sweep runs so that losing Redis, or an outage longer than a job's retries, only
 * delays a Garmin backfill: each request of an active link left unanswered for ten minutes is asked again,
 * as a new job (a job that failed for good keeps its id for a week). Garmin answers 409 to a window it
 * already has, so asking twice sends nothing twice.
 */
export async function queueGarminCatchUp(
  db: Database,
  queue: JobQueue,
  now: Date,
): Promise<{ queued: number }> {
  const requestedAt = now.toISOString().slice(0, 16);
  const { rows } = await db.pool.query<{
    connectionId: string;
    summaryType: BackfillSummaryType;
    startS: string;
    endS: string;
  }>(
    `UPDATE garmin_backfill_request r SET requested_at = $2, asked_at = $3
     FROM provider_connection c
     WHERE c.id = r.connection_id AND c.status = 'active' AND r.answered_at IS NULL AND r.asked_at < $1
     RETURNING r.connection_id AS "connectionId", r.summary_type AS "summaryType",
       r.start_s::text AS "startS", r.end_s::text AS "endS"`,
    [new Date(now.getTime() - UNANSWERED_FOR_MS), requestedAt, now],
  );
  for (const row of rows) {
    await queue.enqueue(
      garminBackfillJob,
      {
        connectionId: row.connectionId,
        summaryType: row.summaryType,
        startS: Number(row.startS),
        endS: Number(row.endS),
        requestedAt,
      },
      { priority: SYNC_PRIORITY.backfill },
    );
  }
  return { queued: rows.length };
}
