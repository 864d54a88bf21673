import type pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { buildDigestMessage } from '../../src/digest/build-digest-message.ts';
import { loadDigestWeek } from '../../src/digest/load-digest-week.ts';
import { createUnsubscribeUrl } from '../../src/digest-delivery/unsubscribe-link.ts';
import type { TokenSigner } from '../../src/security/signed-token.ts';
import type { SmtpCapture } from '../support/smtp-capture.ts';
import type { QueueState } from './queue-state.ts';
import type { FastForwardScheduler } from './scheduler-recovery.ts';
import { restartRedis } from './service-restarts.ts';
import type { KilledJob, WeekwiseProcesses } from './weekwise-processes.ts';

const HOUR_MS = 3600_000;

/**
 * Every runner's digest comes due an hour after the suite starts, for the week that has just closed: the
 * runners' weeks start on that day, and the digest goes at that time (UTC). The scheduler's clock runs two
 * hours ahead (scheduler-recovery.ts), so the digest is due when the suite asks for it, whatever the day.
 */
export async function scheduleDigestsAfter(pool: pg.Pool, started: Date): Promise<void> {
  const due = new Date(started.getTime() + HOUR_MS);
  const isoWeekday = due.getUTCDay() === 0 ? 7 : due.getUTCDay();
  // Off until the data has settled: a digest explains a finished week, not one still arriving.
  await pool.query(
    `UPDATE athlete SET time_zone = 'UTC', week_start_day = $1, digest_local_time = $2, digest_enabled = false`,
    [isoWeekday, due.toISOString().slice(11, 16)],
  );
}

/** The week each runner's digest is for: the seven days before the due day. */
export function dueWeekStart(started: Date): string {
  const due = new Date(started.getTime() + HOUR_MS);
  return new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate() - 7))
    .toISOString()
    .slice(0, 10);
}

export interface DigestAudit {
  email: string;
  /** Digest rows of the runner, as `week:status`. */
  rows: string[];
  /** Emails the SMTP server accepted for the runner, and how many distinct Message-IDs among them. */
  received: number;
  distinct: number;
  /** The email sent through the faults is the one a calm render of the final stored week gives. */
  matchesStoredWeek: boolean;
  kind: string;
}

export interface DigestPhaseReport {
  kill: KilledJob;
  redisDownMs: number;
  queued: number[];
  audits: DigestAudit[];
}

/**
 * The digests, once the data has settled, through faults of their own: a worker killed while it renders
 * or sends one, then Redis restarted (every queued digest job lost), then the scheduler's sweeps, which
 * queue again what is still pending. Afterwards: one email per runner, matching their stored week.
 */
export async function runDigestPhase(deps: {
  db: Database;
  processes: WeekwiseProcesses;
  scheduler: FastForwardScheduler;
  queues: QueueState;
  smtp: SmtpCapture;
  signer: TokenSigner;
  publicUrl: string;
  runners: ReadonlyArray<{ email: string; athleteId: string }>;
  weekStart: string;
}): Promise<DigestPhaseReport> {
  const { db, processes, scheduler, queues } = deps;
  // Watching from before the digests are queued: the first job a worker starts is a digest's.
  const killing = processes.killWorkerMidJob();
  await db.pool.query('UPDATE athlete SET digest_enabled = true');
  const queued = [(await scheduler.round()).digestsQueued];
  const kill = await killing;
  const redis = await restartRedis();
  for (let round = 0; round < 3; round++) {
    queued.push((await scheduler.round()).digestsQueued);
    await queues.waitUntilIdle(120_000);
    const { rows } = await db.pool.query(`SELECT 1 FROM digest WHERE status = 'pending'`);
    if (rows.length === 0) break;
  }
  const audits: DigestAudit[] = [];
  for (const runner of deps.runners) audits.push(await auditDigest(deps, runner));
  return { kill, redisDownMs: redis.downMs, queued, audits };
}

async function auditDigest(
  deps: Parameters<typeof runDigestPhase>[0],
  runner: { email: string; athleteId: string },
): Promise<DigestAudit> {
  const { rows } = await deps.db.pool.query<{ week: string; status: string }>(
    `SELECT to_char(week_start, 'YYYY-MM-DD') AS week, status FROM digest WHERE athlete_id = $1 ORDER BY week_start`,
    [runner.athleteId],
  );
  const messageId = `<digest.${runner.athleteId}.${deps.weekStart}@weekwise>`;
  const received = deps.smtp.messages.filter((mail) => mail.to.includes(runner.email));
  const week = await loadDigestWeek(deps.db, runner.athleteId, deps.weekStart);
  const calm = await buildDigestMessage(week, {
    unsubscribeUrl: createUnsubscribeUrl(deps.signer, deps.publicUrl, runner.athleteId),
    appUrl: deps.publicUrl,
  });
  const sent = received.find((mail) => mail.parsed.messageId === messageId);
  return {
    email: runner.email,
    rows: rows.map((row) => `${row.week}:${row.status}`),
    received: received.length,
    distinct: new Set(received.map((mail) => mail.parsed.messageId)).size,
    matchesStoredWeek: sent !== undefined && sent.text.trim() === calm.text.trim(),
    kind: week.kind,
  };
}
