import type { GarminStatsSnapshot } from '../emulators/garmin/garmin-stats.ts';
import type { StravaEmulatorStats } from '../emulators/strava/emulator-stats.ts';
import type { DigestPhaseReport } from './digest-phase.ts';
import type { FaultLog } from './fault-schedule.ts';
import type { GarminRunnerAudit } from './garmin-audit.ts';
import type { GarminTrafficSummary } from './garmin-traffic.ts';
import type { FailedJob } from './queue-state.ts';
import type { WeeksComparison } from './recompute-from-scratch.ts';
import type { LeftBehind, SchedulerRound } from './scheduler-recovery.ts';
import type { RunnerAudit } from './sync-audit.ts';
import type { TrafficSummary } from './webhook-traffic.ts';

export interface FaultRunReport {
  backfilled: number;
  traffic: TrafficSummary;
  audits: RunnerAudit[];
  garmin: { traffic: GarminTrafficSummary; audits: GarminRunnerAudit[]; stats: GarminStatsSnapshot };
  digests: DigestPhaseReport;
  weeks: WeeksComparison[];
  faults: FaultLog;
  emulator: StravaEmulatorStats;
  recovery: Array<SchedulerRound & { leftBehind: LeftBehind }>;
  failedJobs: FailedJob[];
  /** "job failed for good" lines of every worker, the killed ones included (Redis forgot some jobs). */
  jobsFailedForGood: number;
  unfinishedJobs: Record<string, number>;
  unprocessedEvents: Record<string, number>;
  seconds: { faults: number; recovery: number; total: number };
}

const sum = <Audit>(audits: Audit[], pick: (audit: Audit) => number) =>
  audits.reduce((total, audit) => total + pick(audit), 0);

/** The counts the suite exists to show, printed whether its checks pass or not. */
export function printFaultReport(report: FaultRunReport): void {
  const { audits, traffic, emulator, faults } = report;
  const onStrava = sum(audits, (audit) => audit.onStrava);
  const consistent = audits.filter((audit) => audit.analysedCount === audit.changeCount).length;
  const differing = report.weeks.reduce((total, comparison) => total + comparison.differing.length, 0);
  const hashOnly = report.weeks.reduce((total, comparison) => total + comparison.hashOnly.length, 0);
  const weeks = report.weeks.reduce((total, comparison) => total + comparison.weeks, 0);
  const requeued = report.recovery.map(
    (round) =>
      `${round.eventsRequeued} events, ${round.syncsRequeued} syncs, ${round.athletesQueued} athletes`,
  );
  const rows: Array<[string, string | number]> = [
    ['Strava runners', audits.length],
    [
      'delivered',
      `${onStrava + traffic.delivered} (${onStrava} activities on Strava at the end, ${report.backfilled} backfilled + ` +
        `${traffic.creates} created − ${traffic.deletes} deleted; ${traffic.delivered} of ${traffic.events} webhook events: ` +
        `${traffic.creates} creates, ${traffic.updates} updates, ${traffic.deletes} deletes)`,
    ],
    ['stored', sum(audits, (audit) => audit.stored)],
    ['duplicates', sum(audits, (audit) => audit.duplicates + audit.merged)],
    ['lost', sum(audits, (audit) => audit.lost.length)],
    ['deleted on Strava, still stored', sum(audits, (audit) => audit.extra.length)],
    ['renamed on Strava, old name stored', sum(audits, (audit) => audit.staleNames.length)],
    ['heart-rate samples missing', sum(audits, (audit) => audit.missingSamples)],
    ['activities without analysis', sum(audits, (audit) => audit.unanalysed)],
    ['athletes with analysed = changes', `${consistent} of ${audits.length}`],
    [
      'weeks equal to a rebuild from scratch',
      `${weeks - differing} of ${weeks} (${hashOnly} equal in content with another content_hash)`,
    ],
    [
      'runs analysed otherwise than from scratch',
      report.weeks.reduce((total, comparison) => total + comparison.differingRuns.length, 0),
    ],
    ...garminRows(report),
    ...digestRows(report.digests),
    ['jobs failed (BullMQ failed set)', report.failedJobs.length],
    ['jobs failed for good (worker logs)', report.jobsFailedForGood],
    ['jobs unfinished', JSON.stringify(report.unfinishedJobs)],
    ['provider events unprocessed', JSON.stringify(report.unprocessedEvents)],
    [
      'worker kills (SIGKILL)',
      `${faults.kills.length} (${faults.kills.map((kill) => `${kill.job}${kill.midJob ? ' mid-job' : ''}`).join(', ')})`,
    ],
    ['Redis restarts', faults.redisRestarts.length],
    ['PostgreSQL restarts', faults.postgresRestarts.length],
    ['Strava 5xx', emulator.requests.serverErrors],
    ['Strava time-outs', emulator.requests.timeouts],
    ['Strava 429s', emulator.requests.rateLimited],
    ['Strava requests', emulator.requests.total],
    [
      'webhook delivery attempts',
      `${emulator.webhooks.attempts} for ${emulator.webhooks.events} events (${emulator.webhooks.failed} given up)`,
    ],
    ['scheduler rounds after the faults', requeued.join('; ')],
    [
      'seconds',
      `faults ${report.seconds.faults.toFixed(0)}, recovery ${report.seconds.recovery.toFixed(0)}, total ${report.seconds.total.toFixed(0)}`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    '',
    '== weekwise under faults',
    ...faults.timeline.map((line) => `   ${line}`),
    '',
    ...rows.map(([label, value]) => `   ${label.padEnd(width)}  ${value}`),
    ...report.failedJobs.map(
      (job) => `   failed: ${job.name} ${job.id} after ${job.attempts}: ${job.reason}`,
    ),
    ...report.weeks
      .flatMap((comparison) => comparison.differingRuns)
      .slice(0, 10)
      .map((run) => `   analysed otherwise: activity ${run.activityId}: ${run.fields.join(', ')}`),
    '',
  ];
  console.log(lines.join('\n'));
}

function garminRows(report: FaultRunReport): Array<[string, string | number]> {
  const { traffic, audits, stats } = report.garmin;
  const faults = stats.faultsInjected;
  return [
    ['Garmin runners', audits.length],
    [
      'Garmin delivered',
      `${sum(audits, (audit) => audit.onGarmin)} activities (${traffic.recorded} recorded during the faults, ` +
        `${traffic.files} of them as FIT files behind single-use links); ${traffic.delivered} of ${traffic.notifications} notifications`,
    ],
    ['Garmin stored', sum(audits, (audit) => audit.stored)],
    ['Garmin duplicates', sum(audits, (audit) => audit.duplicates)],
    ['Garmin lost', sum(audits, (audit) => audit.lost.length)],
    ['Garmin samples missing', sum(audits, (audit) => audit.missingSamples)],
    [
      'Garmin FIT files imported',
      `${sum(audits, (audit) => audit.filesImported)} of ${sum(audits, (audit) => audit.filesOffered)} (${stats.filesServed} downloads, ${stats.filesRefused} refused)`,
    ],
    ['Garmin backfill requests unanswered', sum(audits, (audit) => audit.unansweredBackfills)],
    ['Garmin 5xx / time-outs / 429s', `${faults.serverErrors} / ${faults.timeouts} / ${faults.rateLimited}`],
  ];
}

function digestRows(digests: DigestPhaseReport): Array<[string, string | number]> {
  const audits = digests.audits;
  return [
    [
      'digests',
      `${audits.filter((audit) => audit.rows.length === 1 && audit.rows[0]!.endsWith(':sent')).length} of ${audits.length} runners sent one ` +
        `(${audits.filter((audit) => audit.kind === 'week').length} weeks, ${audits.filter((audit) => audit.kind === 'empty').length} empty)`,
    ],
    [
      'digest emails received',
      `${sum(audits, (audit) => audit.received)} (${sum(audits, (audit) => audit.distinct)} distinct Message-IDs)`,
    ],
    [
      'digests equal to a calm render',
      `${audits.filter((audit) => audit.matchesStoredWeek).length} of ${audits.length}`,
    ],
    [
      'digest faults',
      `SIGKILL during ${digests.kill.job}${digests.kill.midJob ? ' mid-job' : ''}, Redis restarted (down ${(digests.redisDownMs / 1000).toFixed(1)} s); queued per round: ${digests.queued.join(', ')}`,
    ],
  ];
}
