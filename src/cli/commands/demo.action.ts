import { addDays } from '../../analysis/index.ts';
import type { StoredWeek } from '../../athlete-analysis/athlete-analysis.store.ts';
import { waitForAthleteAnalysis } from '../../athlete-analysis/request-athlete-analysis.ts';
import { addDemoTeamAndCoach } from '../../demo/demo-team.ts';
import { DEMO_RUNNER_EMAIL, runDemo, writeDemoDigest } from '../../demo/run-demo.ts';
import { createUnsubscribeUrl } from '../../digest-delivery/unsubscribe-link.ts';
import type { CliContext } from '../cli-context.ts';
import { printLatestWeek, printWeeksTable } from '../output/weeks-report.ts';

/** `weekwise demo`: eight synthetic weeks imported, analysed, shown, and the latest week's digest. */
export async function runDemoCommand(cli: CliContext): Promise<void> {
  const db = await cli.db();
  const queue = await cli.queue();
  const started = performance.now();
  const now = new Date();
  const step = (text: string) => process.stderr.write(`· ${text}…\n`);
  const result = await runDemo(db, queue, cli.logger, {
    dataDir: cli.config.dataDir,
    now,
    onProgress: step,
  });
  step('adding a steady teammate and a coach who follows both runners');
  const team = await addDemoTeamAndCoach(db, queue, cli.logger, {
    dataDir: cli.config.dataDir,
    firstWeekStart: addDays(result.currentWeekStart, -7 * 8),
    runnerId: result.athlete.id,
    now,
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
    `\nMore: npx weekwise runs -a ${DEMO_RUNNER_EMAIL} · npx weekwise weeks -a ${DEMO_RUNNER_EMAIL} --json` +
      ` · npx weekwise digest -a ${DEMO_RUNNER_EMAIL} --out digest.html`,
  );
  const { signer } = await cli.providers();
  const publicUrl = cli.config.http.publicUrl;
  const digest = await writeDemoDigest(db, result.athlete, {
    dataDir: cli.config.dataDir,
    now,
    unsubscribeUrl: createUnsubscribeUrl(signer, publicUrl, result.athlete.id),
    appUrl: publicUrl,
  });
  console.log(
    `\nThe weekly digest email of the week of ${digest.weekStart}, as the runner gets it (open in a browser):\n  ${digest.path}\n`,
  );
  console.log(digest.message.text);
  console.log(
    `\nThe dashboard: run \`npx weekwise serve\` and open ${publicUrl}/ — sign in as the coach ` +
      `(${team.coachEmail}) to see both runners, or as ${DEMO_RUNNER_EMAIL}. Without SMTP settings the ` +
      'sign-in link is written to the server log.',
  );
}
