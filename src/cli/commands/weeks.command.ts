import type { Command } from 'commander';
import { weekToJson } from '../../analysis/index.ts';
import type { StoredWeek } from '../../athlete-analysis/athlete-analysis.store.ts';
import type { CliContext } from '../cli-context.ts';
import { printLatestWeek, printWeeksTable } from '../output/weeks-report.ts';
import { resolveAthlete } from '../resolve-athlete.ts';
import { UsageError } from '../usage-error.ts';

interface WeeksOptions {
  athlete?: string;
  weeks: string;
  json?: boolean;
}

export function registerWeeksCommand(program: Command, context: () => CliContext): void {
  program
    .command('weeks')
    .summary('judge each training week as a whole')
    .description(
      "Show the athlete's recent weeks (in their time zone, from their week-start day) with the balance\n" +
        'verdict: hard sessions, the share of easy (Z1), grey-zone (Z2) and hard (Z3) running, spacing of hard\n' +
        'days, the long run, load against the previous four weeks, monotony — and the one change that would\n' +
        'help most next week. JSON: an array of weeks, newest last.',
    )
    .option('-a, --athlete <email>', 'whose weeks (default: the local athlete)')
    .option('-w, --weeks <n>', 'how many recent weeks', '8')
    .option('--json', 'print a JSON array, newest week last')
    .action(async (options: WeeksOptions) => {
      const count = Number(options.weeks);
      if (!Number.isInteger(count) || count < 1)
        throw new UsageError(`--weeks expects a whole number ≥ 1, got "${options.weeks}"`);
      const cli = context();
      const { prisma } = await cli.db();
      const athlete = await resolveAthlete(cli, options.athlete);
      const rows = await prisma.athleteWeek.findMany({
        where: { athleteId: athlete.id },
        orderBy: { weekStart: 'desc' },
        take: count,
      });
      const weeks = rows.reverse().map((row) => row.facts as unknown as StoredWeek);
      if (options.json) {
        console.log(JSON.stringify(weeks.map(weekToJson), null, 2));
        return;
      }
      if (!weeks.length) {
        console.log(
          `No analysed weeks for ${athlete.email} yet: import activities, then run \`weekwise analyze --wait\`.`,
        );
        return;
      }
      printWeeksTable(weeks);
      printLatestWeek(weeks.at(-1)!);
    });
}
