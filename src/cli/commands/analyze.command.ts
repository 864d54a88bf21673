import type { Command } from 'commander';
import {
  requestAthleteAnalysis,
  waitForAthleteAnalysis,
} from '../../athlete-analysis/request-athlete-analysis.ts';
import type { CliContext } from '../cli-context.ts';
import { resolveAthlete } from '../resolve-athlete.ts';

interface AnalyzeOptions {
  athlete?: string;
  wait?: boolean;
}

export function registerAnalyzeCommand(program: Command, context: () => CliContext): void {
  program
    .command('analyze')
    .summary('re-run the analysis of an athlete')
    .description(
      "Queue the athlete's analysis again: runs whose thresholds, history or rule set changed are analysed\n" +
        'again from their samples, then weeks, daily figures, the fatigue series and alerts are rebuilt.\n' +
        'Without REDIS_URL it runs in this process; with it, a `weekwise worker` does the work.',
    )
    .option('-a, --athlete <email>', 'whose analysis (default: the local athlete)')
    .option('--wait', 'wait until the analysis is done (always the case without REDIS_URL)')
    .action(async (options: AnalyzeOptions) => {
      const cli = context();
      const db = await cli.db();
      const athlete = await resolveAthlete(cli, options.athlete);
      const queue = await cli.queue();
      const changeCount = await requestAthleteAnalysis(db, queue, athlete.id);
      if (queue.kind === 'bullmq' && !options.wait) {
        console.log(`Analysis of ${athlete.email} queued; a weekwise worker will run it.`);
        return;
      }
      const done = await waitForAthleteAnalysis(db, queue, athlete.id, changeCount);
      if (!done)
        throw new Error('the analysis did not finish within 10 minutes: is a weekwise worker running?');
      const state = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId: athlete.id } });
      const weeks = await db.prisma.athleteWeek.count({ where: { athleteId: athlete.id } });
      const alerts = Array.isArray(state?.alerts) ? state.alerts.length : 0;
      console.log(
        `Analysis of ${athlete.email} done: ${weeks} week(s), ${alerts} active alert(s). See \`weekwise weeks\`.`,
      );
    });
}
