import type pg from 'pg';
import type { JobOutcome } from '../../jobs/job-definition.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import { garminBackfillJob, SYNC_PRIORITY } from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { type StoredConnection, updateSyncProgress } from '../connections/connection.store.ts';
import { type BackfillSummaryType, GarminRequestError } from './garmin.client.ts';
import {
  type BackfillRequest,
  markBackfillAnswered,
  recordBackfillRequests,
} from './garmin-backfill-requests.ts';
import { openGarminJob } from './garmin-job-context.ts';
import { ACTIVITY_EXPORT, HEALTH_EXPORT } from './garmin-permissions.ts';

/** Garmin takes at most 30 days per backfill request. */
export const BACKFILL_WINDOW_S = 30 * 24 * 3600;

const PERMISSION_OF: Record<BackfillSummaryType, string> = {
  activities: ACTIVITY_EXPORT,
  dailies: HEALTH_EXPORT,
};

export interface BackfillWindow {
  startS: number;
  endS: number;
}

/**
 * The windows that cover the last `days` up to `now`, newest first. They sit on a fixed grid (multiples of
 * 30 days since 1970) and the newest ends on the hour, so asking again later the same hour repeats the
 * very same requests — Garmin answers 409 and sends nothing twice — and a later ask repeats only the
 * newest window.
 */
export function garminBackfillWindows(now: Date, days: number): BackfillWindow[] {
  const nowS = Math.floor(now.getTime() / 1000);
  const endS = nowS - (nowS % 3600);
  const firstS = Math.floor((endS - days * 86_400) / BACKFILL_WINDOW_S) * BACKFILL_WINDOW_S;
  const windows: BackfillWindow[] = [];
  for (let startS = firstS; startS < endS; startS += BACKFILL_WINDOW_S) {
    windows.push({ startS, endS: Math.min(startS + BACKFILL_WINDOW_S, endS) });
  }
  return windows.reverse();
}

/**
 * Asks Garmin for the history of one link: one job per window and summary type (activities, and dailies
 * when the runner shares health stats). Garmin answers each with 202 and pushes the data later.
 */
export async function requestGarminBackfill(
  pool: pg.Pool,
  queue: JobQueue,
  connection: StoredConnection,
  request: { now: Date; days: number },
): Promise<{ windows: number }> {
  const windows = garminBackfillWindows(request.now, request.days);
  const types = (['activities', 'dailies'] as const).filter((type) =>
    connection.grantedScopes.includes(PERMISSION_OF[type]),
  );
  const oldest = windows.at(-1);
  if (oldest && types.length) {
    const since = new Date(oldest.startS * 1000);
    // The history asked for reaches back to here; Garmin says nothing about when it has all arrived.
    if (!connection.backfillBefore || since < connection.backfillBefore) {
      await updateSyncProgress(pool, connection.id, { backfillBefore: since });
    }
  }
  const requestedAt = request.now.toISOString().slice(0, 16);
  const requests = windows.flatMap((window) =>
    types.map((summaryType) => ({ connectionId: connection.id, summaryType, ...window, requestedAt })),
  );
  // Written down before they are queued: what Redis loses, the sweep asks again (queueGarminCatchUp).
  await recordBackfillRequests(pool, requests, request.now);
  for (const payload of requests) {
    await queue.enqueue(garminBackfillJob, payload, { priority: SYNC_PRIORITY.backfill });
  }
  return { windows: requests.length };
}

export async function runGarminBackfill(
  context: JobContext,
  request: Omit<BackfillRequest, 'requestedAt'>,
): Promise<JobOutcome> {
  const opened = await openGarminJob(context, request.connectionId);
  if ('skip' in opened) return { status: 'skipped', reason: opened.skip };
  const { garmin, connection } = opened;
  if (!connection.grantedScopes.includes(PERMISSION_OF[request.summaryType])) {
    await markBackfillAnswered(context.db.pool, request, context.clock.now());
    return { status: 'skipped', reason: `the runner does not share ${request.summaryType}` };
  }
  const window = { startS: request.startS, endS: request.endS };
  const range = `${new Date(window.startS * 1000).toISOString().slice(0, 10)} … ${new Date(window.endS * 1000).toISOString().slice(0, 10)}`;
  let answer: Awaited<ReturnType<typeof garmin.client.requestBackfill>>;
  try {
    answer = await garmin.withToken(connection.id, (token) =>
      garmin.client.requestBackfill(token, request.summaryType, window),
    );
  } catch (error) {
    // A window Garmin refuses as malformed will be refused again: answered, for good.
    if (error instanceof GarminRequestError) {
      await markBackfillAnswered(context.db.pool, request, context.clock.now());
      throw new PermanentJobError(error.message);
    }
    throw error;
  }
  await markBackfillAnswered(context.db.pool, request, context.clock.now());
  if (answer.status === 'refused') return { status: 'skipped', reason: answer.reason };
  await updateSyncProgress(context.db.pool, connection.id, { lastSyncedAt: context.clock.now() });
  return {
    status: 'success',
    detail:
      answer.status === 'accepted'
        ? `${request.summaryType} ${range} requested`
        : `${request.summaryType} ${range} was requested before`,
  };
}
