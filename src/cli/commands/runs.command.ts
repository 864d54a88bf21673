import type { Command } from 'commander';
import type { ActivityAnalysis } from '../../analysis/index.ts';
import type { CliContext } from '../cli-context.ts';
import { formatDistance, formatDuration } from '../output/format.ts';
import { createTable } from '../output/table.ts';
import { parseDateOption } from '../parse-options.ts';
import { resolveAthlete } from '../resolve-athlete.ts';

interface RunsOptions {
  athlete?: string;
  since?: string;
  json?: boolean;
}

export interface RunJson {
  id: string;
  startTime: string;
  localDate: string;
  sport: string;
  class: string;
  long: boolean;
  purpose: string | null;
  timeInZonesS: { z1: number; z2: number; z3: number };
  trimp: number | null;
  confidence: string;
}

export function registerRunsCommand(program: Command, context: () => CliContext): void {
  program
    .command('runs')
    .summary('list analysed runs with their class and zones')
    .description(
      "List the athlete's analysed runs: intensity class (recovery, easy, moderate, hard, unknown), the long\n" +
        'flag, the purpose read from the run\'s structure, time in the three zones (Z1 easy, Z2 the "grey zone",\n' +
        'Z3 hard), training load (Banister TRIMP) and how confident the analysis is.',
    )
    .option('-a, --athlete <email>', 'whose runs (default: the local athlete)')
    .option('--since <date>', 'runs on or after this local date (YYYY-MM-DD)')
    .option('--json', 'print a JSON array')
    .action(async (options: RunsOptions) => {
      const since = options.since ? parseDateOption('--since', options.since) : undefined;
      const cli = context();
      const { prisma } = await cli.db();
      const athlete = await resolveAthlete(cli, options.athlete);
      const rows = await prisma.activityAnalysis.findMany({
        where: {
          athleteId: athlete.id,
          activity: { sport: 'running' },
          ...(since ? { localDate: { gte: since } } : {}),
        },
        include: { activity: { select: { startTime: true, distanceM: true } } },
        orderBy: [{ localDate: 'asc' }, { activity: { startTime: 'asc' } }],
      });
      const runs = rows.map((row) => toRunJson(row.facts as unknown as ActivityAnalysis));
      if (options.json) {
        console.log(JSON.stringify(runs, null, 2));
        return;
      }
      const table = createTable({
        head: [
          'date',
          'class',
          'long',
          'purpose',
          'moving',
          'distance',
          'Z1 / Z2 / Z3',
          'load',
          'confidence',
        ],
      });
      rows.forEach((row, index) => {
        const run = runs[index]!;
        const facts = row.facts as unknown as ActivityAnalysis;
        table.push([
          run.localDate,
          run.class,
          run.long ? 'long' : '',
          run.purpose ?? '–',
          formatDuration(facts.movingTimeS),
          formatDistance(row.activity.distanceM),
          zoneShares(run.timeInZonesS),
          run.trimp === null ? '–' : String(Math.round(run.trimp)),
          run.confidence,
        ]);
      });
      console.log(table.toString());
      console.log(
        `${runs.length} run(s) for ${athlete.email}. Z1 easy · Z2 moderate ("grey zone") · Z3 hard; load = TRIMP.`,
      );
    });
}

export function toRunJson(analysis: ActivityAnalysis): RunJson {
  return {
    id: analysis.activityId,
    startTime: analysis.startTime,
    localDate: analysis.localDate,
    sport: analysis.sport,
    class: analysis.class,
    long: analysis.long,
    purpose: analysis.purpose,
    timeInZonesS: {
      z1: Math.round(analysis.timeInZonesS.z1),
      z2: Math.round(analysis.timeInZonesS.z2),
      z3: Math.round(analysis.timeInZonesS.z3),
    },
    trimp: analysis.trimp === null ? null : Math.round(analysis.trimp * 10) / 10,
    confidence: analysis.confidence,
  };
}

function zoneShares(zones: { z1: number; z2: number; z3: number }): string {
  const total = zones.z1 + zones.z2 + zones.z3;
  if (total <= 0) return '–';
  const percent = (value: number) => `${Math.round((value / total) * 100)}%`;
  return `${percent(zones.z1)} / ${percent(zones.z2)} / ${percent(zones.z3)}`;
}
