import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../src/security/signed-token.ts';
import { GarminEmulator } from '../emulators/garmin/garmin-emulator.ts';
import { StravaEmulator } from '../emulators/strava/strava-emulator.ts';
import { freePort } from '../support/free-port.ts';
import { runCli } from '../support/run-cli.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { createTempDir, postgresAvailable, redisAvailable, TEST_REDIS_URL } from '../support/services.ts';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture.ts';
import { recordIssuedSecret } from '../support/test-run-log.ts';
import { connectRunner } from './connect-runner.ts';
import { dueWeekStart, runDigestPhase, scheduleDigestsAfter } from './digest-phase.ts';
import { printFaultReport } from './fault-report.ts';
import { GARMIN_FAULTS, runFaultSchedule } from './fault-schedule.ts';
import { auditGarminRunner } from './garmin-audit.ts';
import { connectGarminRunners } from './garmin-runners.ts';
import { GarminTraffic } from './garmin-traffic.ts';
import { QueueState } from './queue-state.ts';
import { recomputeFromScratch } from './recompute-from-scratch.ts';
import { FastForwardScheduler, recoverAfterFaults } from './scheduler-recovery.ts';
import { ensureServicesRunning } from './service-restarts.ts';
import { auditRunner, type Runner, unprocessedEvents } from './sync-audit.ts';
import { WebhookTraffic } from './webhook-traffic.ts';
import { WeekwiseProcesses } from './weekwise-processes.ts';

const RUNNERS = Number(process.env.FAULTS_RUNNERS ?? 6);
const ACTIVITIES_PER_RUNNER = Number(process.env.FAULTS_ACTIVITIES ?? 150);
const GARMIN_RUNNERS = Number(process.env.FAULTS_GARMIN_RUNNERS ?? 3);
const GARMIN_HISTORY = Number(process.env.FAULTS_GARMIN_ACTIVITIES ?? 40);
const GARMIN_WEBHOOK_TOKEN = 'faults-garmin-webhook-token-0123456789abcdef';
const DAY_MS = 24 * 3600_000;
/** Far above the work: only the 429 phase of the schedule may refuse a request. */
const UNBINDING_LIMIT = { fifteenMinutes: 1_000_000, daily: 10_000_000 };

const ready = (await postgresAvailable()) && (await redisAvailable());

/**
 * issue 8, item 1: a runner base syncing from the Strava and Garmin emulators through `weekwise serve` and
 * worker processes, while the suite kills workers, restarts Redis and PostgreSQL and makes both providers
 * answer 5xx, time-outs and 429s; then the weekly digests, through a worker kill and a Redis restart of
 * their own. Afterwards nothing may be lost, duplicated, stuck or inconsistent.
 * It runs on PostgreSQL and Redis of its own (private-services.ts), with `npm run test:faults`.
 */
describe.skipIf(!ready)(
  'Strava and Garmin sync, then digests, under faults (serve + workers, PostgreSQL, Redis)',
  () => {
    const stack = useScratchStack({ redis: true });
    const dataDir = createTempDir();
    const logDirectory = join(tmpdir(), `weekwise-faults-${Date.now()}`);
    const emulator = new StravaEmulator({
      clientId: '4242',
      clientSecret: 'faults-client-secret',
      seed: 8,
      limits: { overall: UNBINDING_LIMIT, read: UNBINDING_LIMIT },
      // Strava retries an event 3 times; spaced like this, the retries outlast a restart of either service.
      webhookRetryDelayMs: 2500,
    });
    const garmin = new GarminEmulator({
      clientId: 'faults-garmin-client',
      clientSecret: 'faults-garmin-client-secret',
      seed: 9,
      // Garmin retries a notification for days; here for about two minutes, longer than any outage below.
      delivery: { timeoutMs: 5000, maxAttempts: 10, backoffMs: 250 },
      backfillDelayMs: 1500,
    });
    let smtp: SmtpCapture;
    let processes: WeekwiseProcesses | undefined;
    let env: Record<string, string>;
    let publicUrl: string;

    beforeAll(async () => {
      const urls = await emulator.start();
      const garminUrls = await garmin.start();
      smtp = await startSmtpCapture();
      const port = await freePort();
      publicUrl = `http://127.0.0.1:${port}`;
      recordIssuedSecret(GARMIN_WEBHOOK_TOKEN);
      const notify = (kind: string) => `${publicUrl}/webhooks/garmin/${kind}?token=${GARMIN_WEBHOOK_TOKEN}`;
      garmin.setNotificationUrls({
        activities: notify('activities'),
        activityDetails: notify('activity-details'),
        activityFiles: notify('activity-files'),
        deregistrations: notify('deregistrations'),
        userPermissionsChange: notify('user-permissions'),
        dailies: notify('dailies'),
      });
      env = {
        NODE_ENV: 'test',
        DATABASE_URL: stack.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        WEEKWISE_QUEUE_PREFIX: stack.queuePrefix,
        WEEKWISE_ENCRYPTION_KEY: stack.config.encryptionKey!.toString('base64'),
        WEEKWISE_DATA_DIR: dataDir.path,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        WEEKWISE_PUBLIC_URL: publicUrl,
        STRAVA_CLIENT_ID: '4242',
        STRAVA_CLIENT_SECRET: 'faults-client-secret',
        STRAVA_WEBHOOK_VERIFY_TOKEN: 'faults-verify-token',
        STRAVA_OAUTH_BASE_URL: urls.oauthBaseUrl,
        STRAVA_API_BASE_URL: urls.apiBaseUrl,
        STRAVA_RATE_LIMIT: `${UNBINDING_LIMIT.fifteenMinutes},${UNBINDING_LIMIT.daily}`,
        STRAVA_READ_RATE_LIMIT: `${UNBINDING_LIMIT.fifteenMinutes},${UNBINDING_LIMIT.daily}`,
        GARMIN_CLIENT_ID: 'faults-garmin-client',
        GARMIN_CLIENT_SECRET: 'faults-garmin-client-secret',
        GARMIN_OAUTH_CONFIRM_URL: garminUrls.oauthConfirmUrl,
        GARMIN_TOKEN_URL: garminUrls.tokenUrl,
        GARMIN_API_BASE_URL: garminUrls.apiBaseUrl,
        GARMIN_WEBHOOK_TOKEN,
        ...smtp.env(),
        PROVIDER_TIMEOUT_MS: '2000',
        WORKER_CONCURRENCY: '3',
        // A killed worker's job goes to another within seconds; long enough that a busy worker on two
        // shared cores still renews its locks in time.
        WORKER_LOCK_DURATION_MS: '10000',
        LOG_LEVEL: 'debug',
      };
      processes = new WeekwiseProcesses(env);
      await processes.startServe();
      await processes.startWorker();
      await processes.startWorker();
      const subscribed = await runCli(['strava', 'subscribe'], { ...env, LOG_LEVEL: 'warn' });
      expect(subscribed.stdout, subscribed.stderr).toContain('Subscribed');
      expect(subscribed.code).toBe(0);
    });

    // Registered after useScratchStack, so run before its clean-up: dropping the database needs PostgreSQL.
    afterAll(async () => {
      const started = await ensureServicesRunning();
      if (started.length) console.warn(`the suite left ${started.join(' and ')} down: started again`);
      await processes?.stop();
      const files = processes?.saveLogs(logDirectory) ?? [];
      if (files.length) console.log(`process logs: ${logDirectory}`);
      await emulator.stop();
      await garmin.stop();
      await smtp?.close();
      dataDir.remove();
    });

    it('stores every activity once, leaves every week and digest consistent and no job stuck', async () => {
      const started = Date.now();
      const runners: Runner[] = [];
      const signer = new TokenSigner(stack.config.encryptionKey!);
      for (let index = 0; index < RUNNERS; index++) {
        const stravaAthleteId = 8001 + index;
        emulator.addAthlete({ id: stravaAthleteId });
        emulator.addActivities(stravaAthleteId, ACTIVITIES_PER_RUNNER, {
          from: new Date(started - 400 * DAY_MS),
          to: new Date(started - 30 * DAY_MS),
        });
        const email = `runner-${index + 1}@faults.test`;
        const athleteId = await connectRunner({
          prisma: stack.database.prisma,
          signer,
          publicUrl,
          provider: 'strava',
          signIn: () => emulator.signIn(stravaAthleteId),
          email,
        });
        runners.push({ email, athleteId, stravaAthleteId });
      }
      // Garmin fails from before its runners connect: their connects and backfill requests go through it.
      garmin.faults.set(GARMIN_FAULTS);
      const garminRunners = await connectGarminRunners({
        garmin,
        prisma: stack.database.prisma,
        signer,
        publicUrl,
        count: GARMIN_RUNNERS,
        historyPerRunner: GARMIN_HISTORY,
        now: new Date(started),
      });
      await scheduleDigestsAfter(stack.database.pool, new Date(started));

      const traffic = new WebhookTraffic(
        emulator,
        runners.map((runner) => runner.stravaAthleteId),
        { seed: 11, intervalMs: 250, firstNewActivityAt: new Date(started - 25 * DAY_MS) },
      );
      const garminTraffic = new GarminTraffic(
        garmin,
        garminRunners.map((runner) => runner.garminUserId),
        { seed: 12, intervalMs: 1000, firstNewActivityAt: new Date(started - 6.5 * DAY_MS) },
      );
      const scheduler = await FastForwardScheduler.start(stack.config);
      const queues = new QueueState(stack.queuePrefix);
      try {
        traffic.start();
        garminTraffic.start();
        const faults = await runFaultSchedule({
          processes: processes!,
          emulator,
          garmin,
          pool: stack.database.pool,
          scheduler,
        });
        const trafficSummary = await traffic.stop();
        const garminSummary = await garminTraffic.stop();
        await garmin.idle(); // its backfill deliveries, retried through the faults, are over

        const recoveryStarted = Date.now();
        const recovery = await recoverAfterFaults(scheduler, stack.database, queues, {
          rounds: 3,
          idleTimeoutMs: 240_000,
        });
        const recoverySeconds = (Date.now() - recoveryStarted) / 1000;
        const audits = [];
        for (const runner of runners) audits.push(await auditRunner(stack.database.pool, emulator, runner));
        const garminAudits = [];
        for (const runner of garminRunners)
          garminAudits.push(await auditGarminRunner(stack.database.pool, garmin, runner));

        const digests = await runDigestPhase({
          db: stack.database,
          processes: processes!,
          scheduler,
          queues,
          smtp,
          signer,
          publicUrl,
          runners: [...runners, ...garminRunners],
          weekStart: dueWeekStart(new Date(started)),
        });
        const unfinishedJobs = await queues.unfinished();
        const failedJobs = await queues.failedJobs();
        const events = await unprocessedEvents(stack.database.pool);
        const weeks = [];
        for (const runner of [...runners, ...garminRunners])
          weeks.push(await recomputeFromScratch(stack.database, runner.athleteId));

        printFaultReport({
          backfilled: RUNNERS * ACTIVITIES_PER_RUNNER,
          traffic: trafficSummary,
          audits,
          garmin: { traffic: garminSummary, audits: garminAudits, stats: garmin.stats() },
          digests,
          weeks,
          faults,
          emulator: emulator.stats(),
          recovery,
          failedJobs,
          jobsFailedForGood: processes!.workerLines('"msg":"job failed for good"').length,
          unfinishedJobs,
          unprocessedEvents: events,
          seconds: {
            faults: faults.seconds,
            recovery: recoverySeconds,
            total: (Date.now() - started) / 1000,
          },
        });

        // The faults happened, each of them.
        const stats = emulator.stats();
        expect(faults.kills.length).toBe(3);
        expect(faults.kills.some((kill) => kill.midJob)).toBe(true);
        expect(faults.redisRestarts).toHaveLength(1);
        expect(faults.postgresRestarts).toHaveLength(1);
        expect(stats.requests.serverErrors).toBeGreaterThan(0);
        expect(stats.requests.timeouts).toBeGreaterThan(0);
        expect(stats.requests.rateLimited).toBeGreaterThan(0);
        const garminFaults = garmin.stats().faultsInjected;
        expect(garminFaults.serverErrors + garminFaults.timeouts + garminFaults.rateLimited).toBeGreaterThan(
          0,
        );
        // Both providers delivered every notification (else weekwise could not know of it).
        expect(trafficSummary.undelivered).toEqual([]);
        expect(trafficSummary.creates + trafficSummary.updates + trafficSummary.deletes).toBeGreaterThan(50);
        expect(garminSummary.undelivered.map((delivery) => delivery.reason)).toEqual([]);
        expect(garminSummary.recorded).toBeGreaterThan(10);

        // Nothing lost, nothing duplicated, every change applied.
        for (const audit of audits) {
          expect(audit, audit.email).toMatchObject({
            lost: [],
            extra: [],
            staleNames: [],
            duplicates: 0,
            merged: 0,
            missingSamples: 0,
            unanalysed: 0,
            backfillDone: true,
          });
          expect(audit.stored).toBe(audit.onStrava);
          expect(audit.analysedCount, audit.email).toBe(audit.changeCount);
        }
        for (const audit of garminAudits) {
          expect(audit, audit.email).toMatchObject({
            lost: [],
            extra: [],
            duplicates: 0,
            missingSamples: 0,
            unanalysed: 0,
            unansweredBackfills: 0,
          });
          expect(audit.stored).toBe(audit.onGarmin);
          expect(audit.onGarmin).toBeGreaterThanOrEqual(GARMIN_HISTORY);
          expect(audit.filesImported).toBe(audit.filesOffered);
          expect(audit.analysedCount, audit.email).toBe(audit.changeCount);
        }
        // Weeks built through the faults are the weeks of a calm rebuild.
        for (const comparison of weeks) {
          expect(comparison.weeks).toBeGreaterThan(0);
          expect(comparison.differing).toEqual([]);
        }
        // One digest per runner for the week that closed, sent once, saying what the stored week says.
        expect(digests.kill.job).toBe('send-digest');
        for (const audit of digests.audits) {
          expect(audit, audit.email).toMatchObject({
            rows: [`${dueWeekStart(new Date(started))}:sent`],
            distinct: 1,
            matchesStoredWeek: true,
          });
        }
        expect(digests.audits.some((audit) => audit.kind === 'week')).toBe(true);
        // Nothing stuck.
        expect(unfinishedJobs).toEqual({});
        expect(events).toEqual({});
      } finally {
        // No-ops after a normal run; they end the changes when a step above threw.
        await traffic.stop();
        await garminTraffic.stop();
        await queues.close();
        await scheduler.stop();
      }
    });
  },
);
