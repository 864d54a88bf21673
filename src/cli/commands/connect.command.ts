import type { Command } from 'commander';
import { findOrCreateAthlete } from '../../athletes/athlete.repository.ts';
import { createConnectLink } from '../../providers/connect-link.ts';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../usage-error.ts';

export function registerConnectCommand(program: Command, context: () => CliContext): void {
  program
    .command('connect')
    .summary('link a Strava or Garmin account: prints the address to open')
    .description(
      'Print a link that connects a provider account to an athlete. Open it in a browser where you can sign\n' +
        'in to the provider; weekwise (`weekwise serve`) must be reachable at WEEKWISE_PUBLIC_URL. The link\n' +
        'works for one hour. Once connected, weekwise imports the history and then every new activity.',
    )
    .argument('<provider>', 'strava or garmin')
    .option('-a, --athlete <email>', 'athlete to connect (default: the local athlete)')
    .action(async (provider: string, options: { athlete?: string }) => {
      const cli = context();
      if (provider !== 'strava' && provider !== 'garmin')
        throw new UsageError(`unknown provider "${provider}" (known: strava, garmin)`);
      if (provider === 'strava' && !cli.config.strava) {
        throw new UsageError(
          'Strava is not configured: set STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET and STRAVA_WEBHOOK_VERIFY_TOKEN',
        );
      }
      if (provider === 'garmin' && !cli.config.garmin) {
        throw new UsageError('Garmin is not configured: set GARMIN_CLIENT_ID and GARMIN_CLIENT_SECRET');
      }
      const db = await cli.db();
      const athlete = await findOrCreateAthlete(db.prisma, options.athlete ?? cli.config.defaultAthleteEmail);
      const providers = await cli.providers();
      const link = createConnectLink(providers.signer, cli.config.http.publicUrl, {
        athleteId: athlete.id,
        provider,
        now: new Date(),
      });
      const name = provider === 'garmin' ? 'Garmin' : 'Strava';
      console.log(
        `Open this address to connect ${athlete.email} to ${name} (valid for one hour):\n\n  ${link}\n`,
      );
    });
}
