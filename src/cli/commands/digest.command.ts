import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import type { DigestOptions } from './digest.action.ts';

export function registerDigestCommand(program: Command, context: () => CliContext): void {
  program
    .command('digest')
    .summary("preview a runner's weekly digest email")
    .description(
      'Build the weekly digest email of one week (default: the latest week that has ended in the\n' +
        "athlete's time zone) and show it: the plain-text part on the terminal, or with --out the HTML part\n" +
        'as a file a browser opens (charts included). With --send it is mailed to the athlete instead\n' +
        '(once per week: a week already mailed is not sent again).',
    )
    .option('-a, --athlete <email|id>', 'whose digest (default: the local athlete)')
    .option('-w, --week <YYYY-MM-DD>', 'any date in the week (default: the latest week that has ended)')
    .option('-o, --out <file.html>', 'write the HTML part, images inlined, to this file')
    .option('--text', 'print the plain-text part (the default without --out)')
    .option('--send', 'mail it to the athlete now (SMTP_* settings); a week is mailed once, never twice')
    .action(async (options: DigestOptions) => {
      // The digest's rendering is loaded by the action, not at start-up (see digest.action.ts).
      const { runDigestCommand } = await import('./digest.action.ts');
      await runDigestCommand(context(), options);
    });
}
