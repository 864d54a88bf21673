import type { Command } from 'commander';
import { summarize } from '../../ingest/summarize-activities.ts';
import type { CliContext } from '../cli-context.ts';
import { formatDistance, formatDuration, formatLocalStart } from '../output/format.ts';
import { createTable } from '../output/table.ts';
import { parseDateOption } from '../parse-options.ts';
import { resolveAthlete } from '../resolve-athlete.ts';

interface ActivitiesOptions {
  athlete?: string;
  since?: string;
  json?: boolean;
}

export function registerActivitiesCommand(program: Command, context: () => CliContext): void {
  program
    .command('activities')
    .summary('list stored activities')
    .description(
      "List the athlete's stored activities, oldest first (multisport sessions under their parent).",
    )
    .option('-a, --athlete <email>', 'whose activities (default: the local athlete)')
    .option('--since <date>', 'only activities starting on or after this date (YYYY-MM-DD, UTC)')
    .option('--json', 'print a JSON array')
    .action(async (options: ActivitiesOptions) => {
      const since = options.since ? parseDateOption('--since', options.since) : undefined;
      const cli = context();
      const { prisma } = await cli.db();
      const athlete = await resolveAthlete(cli, options.athlete);
      const activities = await prisma.activity.findMany({
        where: { athleteId: athlete.id, ...(since ? { startTime: { gte: since } } : {}) },
        orderBy: [{ startTime: 'asc' }, { parentId: { sort: 'asc', nulls: 'first' } }],
      });
      const summaries = summarize(activities, athlete).map((summary, index) => ({
        ...summary,
        parentId: activities[index]!.parentId,
        device: activities[index]!.device,
      }));
      if (options.json) {
        console.log(JSON.stringify(summaries, null, 2));
        return;
      }
      const table = createTable({
        head: ['local start', 'sport', 'duration', 'moving', 'distance', 'HR', 'device'],
      });
      for (const summary of summaries) {
        const sport = [
          summary.parentId ? '  └ ' : '',
          summary.sport,
          summary.subSport ? ` (${summary.subSport})` : '',
        ].join('');
        table.push([
          formatLocalStart(summary.localStartTime),
          sport,
          formatDuration(summary.durationS),
          formatDuration(summary.movingTimeS),
          formatDistance(summary.distanceM),
          summary.hasHeartRate ? `${summary.heartRateSamples} samples` : '–',
          summary.device ?? '–',
        ]);
      }
      console.log(table.toString());
      console.log(`${summaries.length} activit${summaries.length === 1 ? 'y' : 'ies'} for ${athlete.email}`);
    });
}
