import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import {
  requestAthleteAnalysis,
  waitForAthleteAnalysis,
} from '../../src/athlete-analysis/request-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { updateAthleteSettings } from '../../src/athletes/update-athlete-settings.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import { findAthletesBehind } from '../../src/scheduling/find-athletes-behind.ts';
import { runNightlyAnalysis } from '../../src/scheduling/run-nightly-analysis.ts';
import { createJobRuntime } from '../../workers/job-runtime.ts';
import { startWorker } from '../../workers/worker.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { silentLogger } from '../support/test-logger.ts';

const ready = (await postgresAvailable()) && (await redisAvailable()) && sharedFixturesAvailable();

describe.skipIf(!ready)('the nightly analysis and the re-analysis of changed inputs', () => {
  const stack = useScratchStack({ redis: true });

  it('queues each athlete who is behind once, even with two schedulers at the same time', async () => {
    const inProcess = createJobRuntime({ ...stack.config, redisUrl: null }, stack.database, silentLogger);
    const upToDate = await findOrCreateAthlete(stack.database.prisma, 'up-to-date@example.com');
    await importFitFiles([fitFixture('elevate__trosku.fit')], {
      db: stack.database,
      athlete: upToDate,
      logger: silentLogger,
      queue: inProcess.queue,
    });
    await inProcess.queue.whenIdle();
    const behind = await findOrCreateAthlete(stack.database.prisma, 'behind@example.com');
    // Imported with no queue at all (as if Redis was down): counted as changed, never analysed.
    await importFitFiles([fitFixture('elevate__bloemendaal.fit')], {
      db: stack.database,
      athlete: behind,
      logger: silentLogger,
    });
    await findOrCreateAthlete(stack.database.prisma, 'no-activities@example.com');

    expect(
      (await findAthletesBehind(stack.database.prisma, RULE_SET_V1.version)).map((row) => row.athleteId),
    ).toEqual([behind.id]);

    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const schedulerA = new BullmqJobQueue(redis, stack.queuePrefix);
    const schedulerB = new BullmqJobQueue(redis, stack.queuePrefix);
    const queue = new Queue('analysis', { connection: redis, prefix: stack.queuePrefix });
    try {
      const results = await Promise.all([
        runNightlyAnalysis(stack.database, schedulerA),
        runNightlyAnalysis(stack.database, schedulerB),
      ]);
      expect(results).toEqual([{ queued: 1 }, { queued: 1 }]);
      const waiting = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
      expect(waiting.map((job) => job.id)).toEqual([
        expect.stringMatching(new RegExp(`^recompute-${behind.id}-`)),
      ]);

      const worker = await startWorker(stack.config, silentLogger);
      try {
        const state = await stack.database.prisma.athleteAnalysisState.findUniqueOrThrow({
          where: { athleteId: behind.id },
        });
        expect(
          await waitForAthleteAnalysis(stack.database, schedulerA, behind.id, state.changeCount, 30_000),
        ).toBe(true);
      } finally {
        await worker.stop();
      }
      expect(await stack.database.prisma.activityAnalysis.count({ where: { athleteId: behind.id } })).toBe(1);
      expect(await runNightlyAnalysis(stack.database, schedulerA)).toEqual({ queued: 0 });
    } finally {
      await queue.close();
      await schedulerA.close();
      await schedulerB.close();
      redis.disconnect();
      await inProcess.close();
    }
  });

  it('analyses runs again when the thresholds in force on their date change, and only then', async () => {
    const jobs = createJobRuntime({ ...stack.config, redisUrl: null }, stack.database, silentLogger);
    try {
      const athlete = await findOrCreateAthlete(stack.database.prisma, 'thresholds@example.com');
      await updateAthleteSettings(stack.database.prisma, athlete, {
        lthr: 185,
        maxHr: 200,
        validFrom: '2015-01-01',
      });
      await importFitFiles([fitFixture('elevate__trosku.fit')], {
        db: stack.database,
        athlete,
        logger: silentLogger,
        queue: jobs.queue,
      });
      await jobs.queue.whenIdle();
      const before = await stack.database.prisma.activityAnalysis.findFirstOrThrow({
        where: { athleteId: athlete.id },
      });

      // Nothing changed: the recompute keeps the stored analysis.
      await requestAthleteAnalysis(stack.database, jobs.queue, athlete.id);
      await jobs.queue.whenIdle();
      const unchanged = await stack.database.prisma.activityAnalysis.findFirstOrThrow({
        where: { athleteId: athlete.id },
      });
      expect(unchanged.computedAt).toEqual(before.computedAt);

      // A lower LTHR from before the run's date: more of the same run is hard.
      await updateAthleteSettings(stack.database.prisma, athlete, { lthr: 150, validFrom: '2019-01-01' });
      await requestAthleteAnalysis(stack.database, jobs.queue, athlete.id);
      await jobs.queue.whenIdle();
      const after = await stack.database.prisma.activityAnalysis.findFirstOrThrow({
        where: { athleteId: athlete.id },
      });
      expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
      expect(after.zone3S).toBeGreaterThan(before.zone3S);
      expect(after.ruleSetVersion).toBe(RULE_SET_V1.version);
      const week = await stack.database.prisma.athleteWeek.findFirstOrThrow({
        where: { athleteId: athlete.id, flags: { isEmpty: false } },
        orderBy: { weekStart: 'desc' },
      });
      expect(week.ruleSetVersion).toBe(RULE_SET_V1.version);

      // A threshold dated after the run does not touch it.
      await updateAthleteSettings(stack.database.prisma, athlete, { lthr: 120, validFrom: '2025-01-01' });
      await requestAthleteAnalysis(stack.database, jobs.queue, athlete.id);
      await jobs.queue.whenIdle();
      const later = await stack.database.prisma.activityAnalysis.findFirstOrThrow({
        where: { athleteId: athlete.id },
      });
      expect(later.computedAt).toEqual(after.computedAt);
    } finally {
      await jobs.close();
    }
  });
});
