import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config/config.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { createServer } from '../../src/http/create-server.ts';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import { startBullmqWorkers } from '../../src/jobs/bullmq-job-worker.ts';
import type { Logger } from '../../src/logging/logger.ts';
import { createConnectLink } from '../../src/providers/connect-link.ts';
import { createProviderServices, type ProviderServices } from '../../src/providers/provider-services.ts';
import { createJobRegistry } from '../../workers/jobs/index.ts';
import { EmulatorClock } from '../emulators/emulator-clock.ts';
import { StravaEmulator, type StravaEmulatorOptions } from '../emulators/strava/strava-emulator.ts';
import { freePort } from './free-port.ts';
import type { ScratchStack } from './scratch-stack.ts';
import { TEST_REDIS_URL } from './services.ts';
import { silentLogger } from './test-logger.ts';

export interface StravaHarness {
  emulator: StravaEmulator;
  clock: EmulatorClock;
  config: Config;
  providers: ProviderServices;
  queue: BullmqJobQueue;
  publicUrl: string;
  /** Runs the whole OAuth dance as a browser would; returns the page weekwise shows at the end. */
  connect(email: string, stravaAthleteId: number): Promise<{ status: number; page: string; hops: string[] }>;
  /** Waits until no sync or analysis job is waiting, delayed or running. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * weekwise wired to a Strava emulator as in production: its HTTP server on a real port, two BullMQ workers
 * (as two worker processes would run, sharing the Redis rate-limit governor) and one driven clock that
 * weekwise and the emulator share, so rate-limit windows can pass faster than real time.
 */
export async function startStravaHarness(
  stack: ScratchStack,
  options: {
    emulator?: Partial<StravaEmulatorOptions>;
    env?: Partial<Config>;
    workers?: number;
    logger?: Logger;
  } = {},
): Promise<StravaHarness> {
  const clock = new EmulatorClock();
  const emulator = new StravaEmulator({
    clientId: '4242',
    clientSecret: 'emulator-client-secret',
    clock,
    webhookRetryDelayMs: 100,
    ...options.emulator,
  });
  const urls = await emulator.start();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const config: Config = {
    ...stack.config,
    http: { host: '127.0.0.1', port, publicUrl },
    strava: {
      clientId: '4242',
      clientSecret: 'emulator-client-secret',
      webhookVerifyToken: 'verify-token-of-the-test',
      oauthBaseUrl: urls.oauthBaseUrl,
      apiBaseUrl: urls.apiBaseUrl,
      assumedLimits: {
        overall: { fifteenMinutes: 200, daily: 2000 },
        read: { fifteenMinutes: 100, daily: 1000 },
      },
    },
    providerTimeoutMs: 2000,
    ...options.env,
  };
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const redis = connect();
  const queue = new BullmqJobQueue(redis, stack.queuePrefix);
  const providers = createProviderServices({ config, pool: stack.database.pool, redis, clock });
  const server: FastifyInstance = await createServer({
    config,
    db: stack.database,
    queue,
    providers,
    clock,
    logger: options.logger ?? silentLogger,
  });
  await server.listen({ host: '127.0.0.1', port });

  const workers: Worker[] = [];
  for (let index = 0; index < (options.workers ?? 2); index++) {
    const workerRedis = connect();
    const workerQueue = new BullmqJobQueue(workerRedis, stack.queuePrefix);
    workers.push(
      ...startBullmqWorkers(
        createJobRegistry(),
        workerRedis,
        {
          config,
          db: stack.database,
          queue: workerQueue,
          logger: options.logger ?? silentLogger,
          clock,
          providers: createProviderServices({ config, pool: stack.database.pool, redis: workerRedis, clock }),
          mailer: null,
        },
        { prefix: stack.queuePrefix, concurrency: 4, lockDurationMs: 30_000 },
      ),
    );
  }

  return {
    emulator,
    clock,
    config,
    providers,
    queue,
    publicUrl,
    async connect(email, stravaAthleteId) {
      const athlete = await findOrCreateAthlete(stack.database.prisma, email);
      emulator.signIn(stravaAthleteId);
      let url = createConnectLink(providers.signer, publicUrl, {
        athleteId: athlete.id,
        provider: 'strava',
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
        const busy = (await queue.unfinishedCount('sync')) + (await queue.unfinishedCount('analysis'));
        quiet = busy === 0 ? quiet + 1 : 0;
        if (quiet >= 3) return;
        await sleep(200);
      }
      throw new Error('jobs still running after the timeout');
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await server.close();
      await queue.close();
      await emulator.stop();
      for (const connection of connections) connection.disconnect();
    },
  };
}
