import type { Config } from '../../config/config.ts';
import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import type { Database } from '../../src/db/database.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { findAthletesBehind } from '../../src/scheduling/find-athletes-behind.ts';
import { type RunningScheduler, startScheduler } from '../../workers/scheduler.ts';
import { capturingLogger } from '../support/test-logger.ts';
import type { QueueState } from './queue-state.ts';

/** What one round of the scheduler queued again, as its own log lines say. */
export interface SchedulerRound {
  eventsRequeued: number;
  syncsRequeued: number;
  garminRequestsRequeued: number;
  digestsQueued: number;
  athletesQueued: number;
}

/** What the database shows as unfinished. */
export interface LeftBehind {
  unprocessedEvents: number;
  unfinishedBackfills: number;
  unansweredGarminBackfills: number;
  missingSamples: number;
  athletesBehind: number;
}

/**
 * The sweep waits before it takes stored work for lost (an event unprocessed for 10 minutes, samples
 * missing for an hour), so as not to queue again what is merely in flight. The suite cannot wait that
 * long: its scheduler reads a clock two hours ahead, as the real one would read two hours after the
 * faults. Job ids make anything still queued a no-op.
 */
const AHEAD_MS = 2 * 3600_000;
const twoHoursAhead: Clock = {
  now: () => new Date(Date.now() + AHEAD_MS),
  millisecondsUntil: (instant) => Math.max(0, instant.getTime() - AHEAD_MS - Date.now()),
};

/**
 * `weekwise scheduler` (workers/scheduler.ts) running beside the workers through the faults, its clock
 * two hours ahead; a round is what its crons do: the frequent sweep, then the nightly analysis.
 */
export class FastForwardScheduler {
  private constructor(
    private readonly scheduler: RunningScheduler,
    private readonly logs: { lines: string[] },
  ) {}

  static async start(config: Config): Promise<FastForwardScheduler> {
    const logs = capturingLogger();
    return new FastForwardScheduler(await startScheduler(config, logs.logger, twoHoursAhead), logs);
  }

  async round(): Promise<SchedulerRound> {
    const seen = this.logs.lines.length;
    await this.scheduler.sweepNow();
    const { queued: athletesQueued } = await this.scheduler.runNow();
    const lines = this.logs.lines.slice(seen).map((line) => JSON.parse(line) as Record<string, unknown>);
    const figure = (message: string, field: string) =>
      Number(lines.find((line) => line.msg === message)?.[field] ?? 0);
    return {
      eventsRequeued: figure('provider events queued again', 'requeued'),
      syncsRequeued: figure('unfinished Strava sync queued again', 'queued'),
      garminRequestsRequeued: figure('unanswered Garmin backfill requests asked again', 'queued'),
      digestsQueued: figure('digests queued', 'queued'),
      athletesQueued,
    };
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }
}

export async function leftBehind(db: Database): Promise<LeftBehind> {
  const { rows } = await db.pool.query<Omit<LeftBehind, 'athletesBehind'>>(
    `SELECT (SELECT count(*)::int FROM provider_event WHERE processed_at IS NULL) AS "unprocessedEvents",
       (SELECT count(*)::int FROM provider_connection WHERE status = 'active' AND provider = 'strava'
          AND (backfill_done_at IS NULL OR backfill_page IS NOT NULL)) AS "unfinishedBackfills",
       (SELECT count(*)::int FROM garmin_backfill_request r JOIN provider_connection c ON c.id = r.connection_id
          WHERE c.status = 'active' AND r.answered_at IS NULL) AS "unansweredGarminBackfills",
       (SELECT count(*)::int FROM activity a JOIN activity_source s ON s.activity_id = a.id
          WHERE s.provider = 'strava' AND NOT a.manual AND (s.raw_payload->>'has_heartrate')::boolean
            AND a.streams_source_id IS NULL) AS "missingSamples"`,
  );
  const behind = await findAthletesBehind(db.prisma, RULE_SET_V1.version);
  return { ...rows[0]!, athletesBehind: behind.length };
}

/**
 * After the faults: scheduler rounds, each followed by waiting for the workers to finish what it queued,
 * until the database shows nothing left behind (as the every-15-minutes sweep would get there).
 */
export async function recoverAfterFaults(
  scheduler: FastForwardScheduler,
  db: Database,
  queues: QueueState,
  options: { rounds: number; idleTimeoutMs: number },
): Promise<Array<SchedulerRound & { leftBehind: LeftBehind }>> {
  const rounds: Array<SchedulerRound & { leftBehind: LeftBehind }> = [];
  for (let round = 0; round < options.rounds; round++) {
    const queued = await scheduler.round();
    await queues.waitUntilIdle(options.idleTimeoutMs);
    const left = await leftBehind(db);
    rounds.push({ ...queued, leftBehind: left });
    if (Object.values(left).every((count) => count === 0)) break;
  }
  return rounds;
}
