import type { Command } from 'commander';
import { DEMO_RUNNER_EMAIL } from '../../demo/demo-runner.ts';
import type { CliContext } from '../cli-context.ts';

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
      // The demo's code is loaded by the action, not at start-up (see demo.action.ts).
      const { runDemoCommand } = await import('./demo.action.ts');
      await runDemoCommand(context());
    });
}
