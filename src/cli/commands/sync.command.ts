import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import {
  SYNC_PRIORITY,
  stravaBackfillPageJob,
  stravaIncrementalSyncJob,
} from '../../jobs/job-definitions.ts';
import { listConnections } from '../../providers/connections/connection.store.ts';
import { requestGarminSync } from '../../providers/garmin/garmin-sync.ts';
import { startStravaBackfill } from '../../providers/strava/strava-backfill.ts';
import { readStravaSyncStatus } from '../../providers/strava/strava-sync-status.ts';
import type { CliContext } from '../cli-context.ts';
import { describeRateLimits } from '../output/rate-limit-line.ts';
import { optionalAthleteId } from '../resolve-athlete.ts';
import { UsageError } from '../usage-error.ts';

interface SyncOptions {
  athlete?: string;
  provider: string;
  wait: boolean;
}

export function registerSyncCommand(program: Command, context: () => CliContext): void {
  program
    .command('sync')
    .summary('fetch new activities from connected providers')
    .description(
      'Ask each active Strava link for activities newer than the newest one stored, and resume any history\n' +
        "import that has not finished. Requests respect Strava's app-wide rate limit: when a 15-minute or\n" +
        'daily window is spent, the work waits for the next one (shown below) instead of failing. With\n' +
        'REDIS_URL the worker processes do the work and this command follows it; without, it runs here.',
    )
    .option('-a, --athlete <email>', 'only this athlete (default: every athlete)')
    .option('-p, --provider <name>', 'provider to sync: strava or garmin', 'strava')
    .option('--no-wait', 'queue the sync and return at once')
    .action(async (options: SyncOptions) => {
      const cli = context();
      if (options.provider === 'garmin') return syncGarmin(cli, options);
      if (options.provider !== 'strava')
        throw new UsageError(`unknown provider "${options.provider}" (known: strava, garmin)`);
      if (!cli.config.strava) throw new UsageError('Strava is not configured (STRAVA_CLIENT_ID is unset)');
      const db = await cli.db();
      const athleteId = await optionalAthleteId(cli, options.athlete);
      const connections = await listConnections(db.pool, {
        provider: 'strava',
        status: 'active',
        ...(athleteId ? { athleteId } : {}),
      });
      if (!connections.length) {
        console.log('No active Strava link. Connect one with: weekwise connect strava');
        return;
      }
      const runtime = await cli.jobRuntime();
      const { queue, providers } = runtime;
      const requestedAt = new Date().toISOString().slice(0, 16);
      for (const connection of connections) {
        if (!connection.backfillDoneAt) {
          if (connection.backfillPage) {
            await queue.enqueue(
              stravaBackfillPageJob,
              { connectionId: connection.id, page: connection.backfillPage },
              { priority: SYNC_PRIORITY.backfill },
            );
          } else {
            await startStravaBackfill(db.pool, queue, connection, new Date());
          }
        }
        await queue.enqueue(
          stravaIncrementalSyncJob,
          { connectionId: connection.id, requestedAt },
          { priority: SYNC_PRIORITY.incremental },
        );
      }
      const ids = connections.map((connection) => connection.id);
      console.log(`Syncing ${connections.length} Strava link(s)…`);
      if (!options.wait) return;

      const showStatus = async () => {
        const status = await readStravaSyncStatus(db.pool, ids);
        const limits = providers.stravaGovernor ? await providers.stravaGovernor.snapshot(new Date()) : null;
        return (
          `${bar(status.withStreams, status.wantingStreams)} ${status.activities} activities stored, ` +
          `samples ${status.withStreams}/${status.wantingStreams}` +
          (status.backfillsRunning ? ', history still importing' : '') +
          (limits ? `\n  ${describeRateLimits(limits)}` : '')
        );
      };
      const tty = Boolean(process.stderr.isTTY);
      let last = '';
      const ticker = setInterval(
        async () => {
          const line = await showStatus().catch(() => last);
          // Two lines (progress, then the rate-limit windows), redrawn in place on a terminal.
          if (tty) process.stderr.write(`${last ? '\x1b[1A\r\x1b[2K' : ''}\r\x1b[2K${line}`);
          else if (line !== last) process.stderr.write(`${line}\n`);
          last = line;
        },
        tty ? 500 : 5000,
      );
      try {
        if (queue.kind === 'in-process') await queue.whenIdle();
        else while ((await queue.unfinishedCount('sync')) > 0) await sleep(1000);
      } finally {
        clearInterval(ticker);
        if (tty && last) process.stderr.write('\x1b[1A\r\x1b[2K\x1b[1B\r\x1b[2K\x1b[1A');
      }
      console.log(await showStatus());
      const after = await listConnections(db.pool, {
        provider: 'strava',
        ...(athleteId ? { athleteId } : {}),
      });
      for (const connection of after.filter((row) => ids.includes(row.id) && row.status !== 'active')) {
        console.log(
          `! ${connection.athleteEmail}: Strava link ${connection.status}: ${connection.statusReason ?? ''}`,
        );
      }
    });
}

/**
 * Garmin pushes its data by itself: a sync asks Garmin again for each active link's history, in windows of
 * at most 30 days (issue 5). Garmin answers 202 and pushes the data to `weekwise serve` later.
 */
async function syncGarmin(cli: CliContext, options: SyncOptions): Promise<void> {
  const garmin = cli.config.garmin;
  if (!garmin) throw new UsageError('Garmin is not configured (GARMIN_CLIENT_ID is unset)');
  const db = await cli.db();
  const athleteId = await optionalAthleteId(cli, options.athlete);
  const { queue } = await cli.jobRuntime();
  const { links, requests } = await requestGarminSync(db, queue, {
    now: new Date(),
    days: garmin.backfillDays,
    ...(athleteId ? { athleteId } : {}),
  });
  if (!links) {
    console.log('No active Garmin link. Connect one with: weekwise connect garmin');
    return;
  }
  console.log(
    `Asking Garmin again for the last ${garmin.backfillDays} days of ${links} link(s): ${requests} request(s) of at most 30 days.`,
  );
  if (!options.wait) return;
  if (queue.kind === 'in-process') await queue.whenIdle();
  else while ((await queue.unfinishedCount('sync')) > 0) await sleep(1000);
  console.log('Requested. Garmin sends the activities to weekwise over the next minutes (weekwise serve).');
}

/** A text progress bar: [██████░░░░]. */
function bar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : width;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}
