import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.ts';
import type { CliContext } from '../cli-context.ts';
import { untilSignal } from '../until-signal.ts';

export function registerServeCommand(program: Command, context: () => CliContext): void {
  program
    .command('serve')
    .summary('run the HTTP server (OAuth connect, provider webhooks)')
    .description(
      'Serve weekwise on HTTP_HOST:HTTP_PORT: the provider connect pages and OAuth callbacks, and the webhook\n' +
        'endpoints providers call. It must be reachable at WEEKWISE_PUBLIC_URL. With REDIS_URL the work it\n' +
        'receives goes to the worker processes; without, it runs inside this process.',
    )
    .action(async () => {
      const cli = context();
      const db = await cli.db();
      const runtime = await cli.jobRuntime({ autoRun: true });
      // Loaded here, not at start-up: the server's code is only for this command.
      const { createServer } = await import('../../http/create-server.ts');
      const server = await createServer({
        config: cli.config,
        db,
        queue: runtime.queue,
        providers: runtime.providers,
        clock: systemClock,
        logger: cli.logger,
      });
      const address = await server.listen({ host: cli.config.http.host, port: cli.config.http.port });
      cli.logger.info(
        { address, publicUrl: cli.config.http.publicUrl, strava: Boolean(cli.config.strava) },
        'weekwise is serving',
      );
      const signal = await untilSignal();
      cli.logger.info({ signal }, 'signal received: closing the server');
      await server.close();
    });
}
