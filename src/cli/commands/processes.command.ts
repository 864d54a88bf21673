import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { untilSignal } from '../until-signal.ts';

// The processes' code is loaded by their actions, not here: every other command (and --help) starts faster.
export function registerProcessCommands(program: Command, context: () => CliContext): void {
  program
    .command('worker')
    .summary('run the job worker (needs REDIS_URL)')
    .description(
      "Consume weekwise's BullMQ queues: analyse new activities, recompute weeks and fatigue. Run as many\n" +
        'as you like; WORKER_CONCURRENCY jobs each. On SIGTERM it finishes the jobs in hand, then exits; a\n' +
        'worker that is killed outright has its job picked up again by another (or by itself on restart).',
    )
    .action(async () => {
      const cli = context();
      const { startWorker } = await import('../../../workers/worker.ts');
      const worker = await startWorker(cli.config, cli.logger);
      const signal = await untilSignal();
      cli.logger.info({ signal }, 'signal received');
      await worker.stop();
    });

  program
    .command('scheduler')
    .summary('run the nightly scheduler (needs REDIS_URL)')
    .description(
      'Queue the nightly analysis (NIGHTLY_ANALYSIS_CRON, default 03:15 server time) for every athlete with\n' +
        "new or changed data. Safe to run twice: each athlete's job is queued once.",
    )
    .option('--run-now', 'queue the nightly analysis once, now, and exit')
    .action(async (options: { runNow?: boolean }) => {
      const cli = context();
      const { startScheduler } = await import('../../../workers/scheduler.ts');
      const scheduler = await startScheduler(cli.config, cli.logger);
      if (options.runNow) {
        const { queued } = await scheduler.runNow();
        console.log(`${queued} athlete(s) queued for analysis`);
      } else {
        await untilSignal();
      }
      await scheduler.stop();
    });
}
