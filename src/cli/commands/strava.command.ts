import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../usage-error.ts';

export function registerStravaCommand(program: Command, context: () => CliContext): void {
  const strava = program
    .command('strava')
    .summary("manage the Strava app's webhook subscription")
    .description(
      'A Strava app has one webhook subscription: Strava calls WEEKWISE_PUBLIC_URL/webhooks/strava for every\n' +
        'new, changed or deleted activity and every withdrawn authorisation. `weekwise serve` must be running\n' +
        'and reachable when you subscribe: Strava checks the address at once.',
    );

  const stravaService = async () => {
    const cli = context();
    if (!cli.config.strava) throw new UsageError('Strava is not configured (STRAVA_CLIENT_ID is unset)');
    const providers = await cli.providers();
    return { cli, service: providers.strava! };
  };

  strava
    .command('subscribe')
    .description('create the webhook subscription (Strava validates the callback address first)')
    .option(
      '--callback-url <url>',
      'address Strava should call (default: WEEKWISE_PUBLIC_URL/webhooks/strava)',
    )
    .action(async (options: { callbackUrl?: string }) => {
      const { cli, service } = await stravaService();
      const callbackUrl = options.callbackUrl ?? `${cli.config.http.publicUrl}/webhooks/strava`;
      const created = (await service.client.createPushSubscription(callbackUrl)) as { id?: unknown };
      console.log(`Subscribed: Strava will call ${callbackUrl} (subscription ${String(created.id)})`);
      // Events are unsigned: knowing our id, the server drops events that name another subscription.
      if (cli.config.strava?.webhookSubscriptionId !== created.id)
        console.log(
          `Set STRAVA_WEBHOOK_SUBSCRIPTION_ID=${String(created.id)} so weekwise drops other events.`,
        );
    });

  strava
    .command('subscriptions')
    .description("show the app's webhook subscription")
    .action(async () => {
      const { service } = await stravaService();
      const subscriptions = await service.client.listPushSubscriptions();
      const list = Array.isArray(subscriptions) ? subscriptions : [];
      if (!list.length) console.log('No webhook subscription. Create one with: weekwise strava subscribe');
      for (const subscription of list as Array<{ id?: unknown; callback_url?: unknown }>) {
        console.log(`${String(subscription.id)}  ${String(subscription.callback_url)}`);
      }
    });

  strava
    .command('unsubscribe')
    .description('delete the webhook subscription')
    .argument('<id>', 'subscription id (see: weekwise strava subscriptions)')
    .action(async (id: string) => {
      const { service } = await stravaService();
      await service.client.deletePushSubscription(id);
      console.log(`Subscription ${id} deleted`);
    });
}
