import type { Command } from 'commander';
import type { StoredWeek } from '../../athlete-analysis/athlete-analysis.store.ts';
import { waitForAthleteAnalysis } from '../../athlete-analysis/request-athlete-analysis.ts';
import { DEMO_RUNNER_EMAIL, runDemo } from '../../demo/run-demo.ts';
import type { CliContext } from '../cli-context.ts';
import { printLatestWeek, printWeeksTable } from '../output/weeks-report.ts';

export function registerDemoCommand(program: Command, context: () => CliContext): void {
  program
    .command('demo')
    .summary('run the whole main job on a synthetic runner')
    .description(
      'Write eight weeks of a synthetic runner as FIT files (balanced weeks, a grey-zone week, hard days\n' +
        `packed together, a rest week, a load spike, a long run that turns into survival), import them as\n` +
        `${DEMO_RUNNER_EMAIL}, run the nightly analysis and show the weeks. Needs no input files; running it\n` +
        'again starts the demo runner afresh.',
    )
    .action(async () => {
      const cli = context();
      const db = await cli.db();
      const queue = await cli.queue();
      const started = performance.now();
      const step = (text: string) => process.stderr.write(`· ${text}…\n`);
      const result = await runDemo(db, queue, cli.logger, {
        dataDir: cli.config.dataDir,
        now: new Date(),
        onProgress: step,
      });
      const state = await db.prisma.athleteAnalysisState.findUnique({
        where: { athleteId: result.athlete.id },
      });
      if (!(await waitForAthleteAnalysis(db, queue, result.athlete.id, state?.changeCount ?? 0))) {
        throw new Error('the analysis did not finish: with REDIS_URL set, start `weekwise worker` first');
      }
      const imported = result.files.filter((file) => file.status === 'imported').length;
      const rows = await db.prisma.athleteWeek.findMany({
        where: { athleteId: result.athlete.id },
        orderBy: { weekStart: 'asc' },
      });
      const weeks = rows
        .map((row) => row.facts as unknown as StoredWeek)
        .filter((week) => week.weekStart < result.currentWeekStart);
      console.log(
        `\n${imported} FIT files imported from ${result.folder} for ${result.athlete.email} (${((performance.now() - started) / 1000).toFixed(1)} s).\n`,
      );
      printWeeksTable(weeks);
      printLatestWeek(weeks.at(-1)!);
      console.log(
        `\nMore: npx weekwise runs -a ${DEMO_RUNNER_EMAIL} · npx weekwise weeks -a ${DEMO_RUNNER_EMAIL} --json`,
      );
    });
}
