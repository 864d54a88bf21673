import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/config.ts';
import { CliContext } from './cli-context.ts';
import { registerActivitiesCommand } from './commands/activities.command.ts';
import { registerAnalyzeCommand } from './commands/analyze.command.ts';
import { registerAthleteCommand } from './commands/athlete.command.ts';
import { registerConnectCommand } from './commands/connect.command.ts';
import { registerConnectionsCommand } from './commands/connections.command.ts';
import { registerDbCommand } from './commands/db.command.ts';
import { registerDemoCommand } from './commands/demo.command.ts';
import { registerDigestCommand } from './commands/digest.command.ts';
import { registerImportCommand } from './commands/import.command.ts';
import { registerProcessCommands } from './commands/processes.command.ts';
import { registerRunsCommand } from './commands/runs.command.ts';
import { registerServeCommand } from './commands/serve.command.ts';
import { registerStravaCommand } from './commands/strava.command.ts';
import { registerSyncCommand } from './commands/sync.command.ts';
import { registerWeeksCommand } from './commands/weeks.command.ts';
import { UsageError } from './usage-error.ts';

const EXIT_USAGE = 2;

const program = new Command('weekwise')
  .description(
    "weekwise judges a runner's training week as a whole: intensity balance, spacing of hard days, the long\n" +
      'run and fatigue. With no DATABASE_URL it keeps everything in an embedded PostgreSQL under ./.weekwise.',
  )
  .option('-v, --verbose', 'log debug details to stderr')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

// Created by the first command that needs it, so `--help` works without a valid environment.
const session: { context: CliContext | null } = { context: null };
const getContext = (): CliContext => {
  session.context ??= CliContext.create(Boolean(program.opts().verbose));
  return session.context;
};

registerDemoCommand(program, getContext);
registerImportCommand(program, getContext);
registerActivitiesCommand(program, getContext);
registerRunsCommand(program, getContext);
registerWeeksCommand(program, getContext);
registerDigestCommand(program, getContext);
registerAnalyzeCommand(program, getContext);
registerAthleteCommand(program, getContext);
registerDbCommand(program, getContext);
registerProcessCommands(program, getContext);
registerServeCommand(program, getContext);
registerConnectCommand(program, getContext);
registerSyncCommand(program, getContext);
registerConnectionsCommand(program, getContext);
registerStravaCommand(program, getContext);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
} finally {
  await session.context?.close();
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    console.error(`weekwise: ${error.message}`);
    return EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 1;
  }
  console.error(`weekwise: ${(error as Error).message ?? String(error)}`);
  if (program.opts().verbose) console.error(error);
  return 1;
}
