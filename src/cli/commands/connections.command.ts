import type { Command } from 'commander';
import { listConnections } from '../../providers/connections/connection.store.ts';
import type { CliContext } from '../cli-context.ts';
import { formatUtcTime } from '../output/format.ts';
import { createTable } from '../output/table.ts';
import { optionalAthleteId } from '../resolve-athlete.ts';

export function registerConnectionsCommand(program: Command, context: () => CliContext): void {
  program
    .command('connections')
    .summary('list provider links and their status')
    .description(
      "Show each athlete's links to Strava (and later Garmin): active, needs_reauth (the runner must connect\n" +
        'again: weekwise connect …) or revoked, with how far the history import has come.',
    )
    .option('-a, --athlete <email>', 'only this athlete')
    .option('--json', 'print JSON')
    .action(async (options: { athlete?: string; json?: boolean }) => {
      const cli = context();
      const db = await cli.db();
      const athleteId = await optionalAthleteId(cli, options.athlete);
      const connections = await listConnections(db.pool, athleteId ? { athleteId } : {});
      if (options.json) {
        console.log(JSON.stringify(connections, null, 2));
        return;
      }
      if (!connections.length) {
        console.log('No provider is connected. Connect one with: weekwise connect strava');
        return;
      }
      const table = createTable({
        head: ['athlete', 'provider', 'account', 'status', 'history', 'last sync (UTC)', 'note'],
      });
      for (const connection of connections) {
        table.push([
          connection.athleteEmail,
          connection.provider,
          connection.externalAthleteId,
          connection.status,
          historyStatus(connection),
          connection.lastSyncedAt ? formatUtcTime(connection.lastSyncedAt) : '–',
          connection.statusReason ?? missingScopeNote(connection.provider, connection.grantedScopes) ?? '',
        ]);
      }
      console.log(table.toString());
    });
}

function missingScopeNote(provider: string, scopes: string[]): string | null {
  if (provider === 'strava' && !scopes.includes('activity:read_all')) {
    return 'private activities not granted';
  }
  return null;
}

function historyStatus(connection: {
  provider: string;
  backfillDoneAt: Date | null;
  backfillPage: number | null;
  backfillBefore: Date | null;
}): string {
  if (connection.backfillDoneAt) return 'complete';
  if (connection.backfillPage) return `importing (page ${connection.backfillPage})`;
  // Garmin delivers history by push and never says it is done: what we know is how far back we asked.
  if (connection.provider === 'garmin' && connection.backfillBefore) {
    return `asked back to ${connection.backfillBefore.toISOString().slice(0, 10)}`;
  }
  return 'not started';
}
