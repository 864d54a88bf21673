import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config/config.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import type { Provider } from '../../src/generated/prisma/enums.ts';
import { createServer } from '../../src/http/create-server.ts';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import { startBullmqWorkers } from '../../src/jobs/bullmq-job-worker.ts';
import type { Logger } from '../../src/logging/logger.ts';
import { createConnectLink } from '../../src/providers/connect-link.ts';
import { createProviderServices, type ProviderServices } from '../../src/providers/provider-services.ts';
import { createJobRegistry } from '../../workers/jobs/index.ts';
import { EmulatorClock } from '../emulators/emulator-clock.ts';
import { GarminEmulator, type GarminEmulatorOptions } from '../emulators/garmin/garmin-emulator.ts';
import type { NotificationUrls } from '../emulators/garmin/garmin-emulator.types.ts';
import { StravaEmulator } from '../emulators/strava/strava-emulator.ts';
import { freePort } from './free-port.ts';
import type { ScratchStack } from './scratch-stack.ts';
import { TEST_REDIS_URL } from './services.ts';
import { silentLogger } from './test-logger.ts';
import { recordIssuedSecret } from './test-run-log.ts';

export interface GarminHarness {
  garmin: GarminEmulator;
  /** Started with `strava: true` (the cross-provider test), else null. */
  strava: StravaEmulator | null;
  clock: EmulatorClock;
  config: Config;
  providers: ProviderServices;
  queue: BullmqJobQueue;
  publicUrl: string;
  /** The address Garmin is told for a notification kind: `/webhooks/garmin/<kind>?token=<our token>`. */
  notificationUrl(kind: string): string;
  /**
   * Runs the OAuth dance as a browser would, signed in to the provider as `externalId` (a Garmin user id
   * or a Strava athlete id); returns the page weekwise shows at the end and the addresses on the way.
   */
  connect(
    provider: Exclude<Provider, 'fit_file'>,
    email: string,
    externalId: string | number,
  ): Promise<{ status: number; page: string; hops: string[] }>;
  /** Waits until the Garmin emulator delivers nothing and no sync or analysis job is waiting or running. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Where each Garmin notification kind goes (as set in Garmin's developer portal). */
function notificationUrls(url: (kind: string) => string): NotificationUrls {
  return {
    activities: url('activities'),
    activityDetails: url('activity-details'),
    activityFiles: url('activity-files'),
    deregistrations: url('deregistrations'),
    userPermissionsChange: url('user-permissions'),
    dailies: url('dailies'),
  };
}

/**
 * weekwise wired to a Garmin emulator (and, with `strava`, a Strava emulator too) as in production: its
 * HTTP server on a real port receiving Garmin's notifications, two BullMQ workers, and one driven clock
 * shared with the emulators, so file links can expire without waiting a day.
 */
export async function startGarminHarness(
  stack: ScratchStack,
  options: {
    garmin?: Partial<GarminEmulatorOptions>;
    strava?: boolean;
    env?: Partial<Config>;
    workers?: number;
    logger?: Logger;
  } = {},
): Promise<GarminHarness> {
  const clock = new EmulatorClock();
  const logger = options.logger ?? silentLogger;
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  // Configured as a careful deployment would: Garmin's notifications carry our token in their address.
  const webhookToken = randomBytes(24).toString('hex');
  recordIssuedSecret(webhookToken);
  const notificationUrl = (kind: string) => `${publicUrl}/webhooks/garmin/${kind}?token=${webhookToken}`;
  const garmin = new GarminEmulator({
    clientId: 'weekwise-garmin-client',
    clientSecret: 'garmin-emulator-client-secret',
    clock,
    notificationUrls: notificationUrls(notificationUrl),
    delivery: { timeoutMs: 5000, maxAttempts: 5, backoffMs: 100 },
    backfillDelayMs: 100,
    ...options.garmin,
  });
  const garminUrls = await garmin.start();
  const strava = options.strava
    ? new StravaEmulator({
        clientId: '4242',
        clientSecret: 'strava-emulator-client-secret',
        clock,
        webhookRetryDelayMs: 100,
      })
    : null;
  const stravaUrls = strava ? await strava.start() : null;
  const config: Config = {
    ...stack.config,
    http: { host: '127.0.0.1', port, publicUrl },
    garmin: {
      clientId: 'weekwise-garmin-client',
      clientSecret: 'garmin-emulator-client-secret',
      oauthConfirmUrl: garminUrls.oauthConfirmUrl,
      tokenUrl: garminUrls.tokenUrl,
      apiBaseUrl: garminUrls.apiBaseUrl,
      backfillDays: 365,
      webhookToken,
    },
    strava: stravaUrls
      ? {
          clientId: '4242',
          clientSecret: 'strava-emulator-client-secret',
          webhookVerifyToken: 'verify-token-of-the-test',
          oauthBaseUrl: stravaUrls.oauthBaseUrl,
          apiBaseUrl: stravaUrls.apiBaseUrl,
          assumedLimits: {
            overall: { fifteenMinutes: 200, daily: 2000 },
            read: { fifteenMinutes: 100, daily: 1000 },
          },
        }
      : null,
    providerTimeoutMs: 4000,
    ...options.env,
  };
  const connections: Redis[] = [];
  const connectRedis = () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const redis = connectRedis();
  const queue = new BullmqJobQueue(redis, stack.queuePrefix);
  const providers = createProviderServices({ config, pool: stack.database.pool, redis, clock });
  const server: FastifyInstance = await createServer({
    config,
    db: stack.database,
    queue,
    providers,
    clock,
    logger,
  });
  await server.listen({ host: '127.0.0.1', port });

  const workers: Worker[] = [];
  for (let index = 0; index < (options.workers ?? 2); index++) {
    const workerRedis = connectRedis();
    workers.push(
      ...startBullmqWorkers(
        createJobRegistry(),
        workerRedis,
        {
          config,
          db: stack.database,
          queue: new BullmqJobQueue(workerRedis, stack.queuePrefix),
          logger,
          clock,
          providers: createProviderServices({ config, pool: stack.database.pool, redis: workerRedis, clock }),
          mailer: null,
        },
        { prefix: stack.queuePrefix, concurrency: 4, lockDurationMs: 30_000 },
      ),
    );
  }

  return {
    garmin,
    strava,
    clock,
    config,
    providers,
    queue,
    publicUrl,
    notificationUrl,
    async connect(provider, email, externalId) {
      const athlete = await findOrCreateAthlete(stack.database.prisma, email);
      if (provider === 'garmin') garmin.signIn(String(externalId));
      else strava!.signIn(Number(externalId));
      let url = createConnectLink(providers.signer, publicUrl, {
        athleteId: athlete.id,
        provider,
        now: clock.now(),
      });
      const hops: string[] = [];
      for (let hop = 0; hop < 5; hop++) {
        hops.push(url);
        const response = await fetch(url, { redirect: 'manual' });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          url = new URL(location, url).toString();
          continue;
        }
        return { status: response.status, page: await response.text(), hops };
      }
      throw new Error(`too many redirects: ${hops.join(' → ')}`);
    },
    async waitForIdle(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < deadline) {
        // Jobs make Garmin deliver (a backfill), deliveries make jobs: idle is both, several times running.
        await garmin.idle();
        const busy = (await queue.unfinishedCount('sync')) + (await queue.unfinishedCount('analysis'));
        quiet = busy === 0 ? quiet + 1 : 0;
        if (quiet >= 3) return;
        await sleep(200);
      }
      throw new Error('jobs or Garmin deliveries still running after the timeout');
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await server.close();
      await queue.close();
      await garmin.stop();
      await strava?.stop();
      for (const connection of connections) connection.disconnect();
    },
  };
}
