import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { requestAthleteAnalysis } from '../../src/athlete-analysis/request-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { updateAthleteSettings } from '../../src/athletes/update-athlete-settings.ts';
import type { Database } from '../../src/db/database.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { writeSyntheticFitFolder } from '../../src/synthetic/index.ts';
import { createJobRuntime } from '../../workers/job-runtime.ts';
import { startWorker } from '../../workers/worker.ts';
import { startCli } from '../support/run-cli.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { createTempDir, postgresAvailable, redisAvailable, TEST_REDIS_URL } from '../support/services.ts';
import { fitFixture, sharedFixturesAvailable } from '../support/shared-fixtures.ts';
import { silentLogger } from '../support/test-logger.ts';

const ready = (await postgresAvailable()) && (await redisAvailable());

/** Polls until every activity of the athlete is analysed and their weeks cover the latest change. */
async function waitForAnalysis(database: Database, athleteId: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [activities, analysed, state] = await Promise.all([
      database.prisma.activity.count({ where: { athleteId } }),
      database.prisma.activityAnalysis.count({ where: { athleteId } }),
      database.prisma.athleteAnalysisState.findUnique({ where: { athleteId } }),
    ]);
    if (activities > 0 && analysed === activities && state && state.analysedCount >= state.changeCount)
      return;
    await sleep(250);
  }
  throw new Error('the analysis did not catch up in time');
}

describe.skipIf(!ready)('the analysis pipeline through BullMQ on real Redis and PostgreSQL', () => {
  const stack = useScratchStack({ redis: true });

  it.skipIf(!sharedFixturesAvailable())('import real FIT files → worker → runs and weeks', async () => {
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'pipeline@example.com');
    await updateAthleteSettings(stack.database.prisma, athlete, {
      lthr: 168,
      maxHr: 192,
      validFrom: '2010-01-01',
    });
    const jobs = createJobRuntime(stack.config, stack.database, silentLogger);
    const files = [
      'elevate__kaiteriteri.fit',
      'elevate__portland.fit',
      'elevate__trosku.fit',
      'FitFileParser__running.fit',
    ];
    await importFitFiles(files.map(fitFixture), {
      db: stack.database,
      athlete,
      logger: silentLogger,
      queue: jobs.queue,
    });
    expect(await stack.database.prisma.activityAnalysis.count({ where: { athleteId: athlete.id } })).toBe(0);

    const worker = await startWorker(stack.config, silentLogger);
    try {
      await waitForAnalysis(stack.database, athlete.id);
    } finally {
      await worker.stop();
      await jobs.close();
    }
    const analyses = await stack.database.prisma.activityAnalysis.findMany({
      where: { athleteId: athlete.id },
    });
    expect(analyses).toHaveLength(4);
    for (const analysis of analyses) {
      expect(['recovery', 'easy', 'moderate', 'hard']).toContain(analysis.intensityClass);
      expect(analysis.zone1S + analysis.zone2S + analysis.zone3S).toBeGreaterThan(600);
      expect(analysis.trimp).toBeGreaterThan(0);
    }
    const weeks = await stack.database.prisma.athleteWeek.findMany({ where: { athleteId: athlete.id } });
    expect(weeks.filter((week) => (week.facts as { runs: unknown[] }).runs.length > 0)).toHaveLength(4);
    expect(
      await stack.database.prisma.athleteDay.count({ where: { athleteId: athlete.id } }),
    ).toBeGreaterThan(7);
  });

  it('finishes, exactly once, the job of a worker killed mid-job', async () => {
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'crash@example.com');
    const folder = createTempDir();
    await writeSyntheticFitFolder(folder.path, {
      weeks: 3,
      seed: 7,
      timeZone: 'Europe/Paris',
      firstWeekStart: '2026-09-07',
    });
    // Stored without queueing, then one recompute that must analyse every run from its samples: a job
    // long enough (hundreds of milliseconds) that the kill lands in the middle of it.
    await importFitFiles([folder.path], { db: stack.database, athlete, logger: silentLogger });
    folder.remove();
    const jobs = createJobRuntime(stack.config, stack.database, silentLogger);
    await requestAthleteAnalysis(stack.database, jobs.queue, athlete.id);
    await jobs.close();
    const activities = await stack.database.prisma.activity.count({ where: { athleteId: athlete.id } });
    expect(activities).toBeGreaterThan(10);

    const env = {
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      WEEKWISE_QUEUE_PREFIX: stack.queuePrefix,
      WEEKWISE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      WORKER_CONCURRENCY: '1',
      WORKER_LOCK_DURATION_MS: '2000',
      LOG_LEVEL: 'debug',
    };
    const first = startCli(['worker'], env);
    const started = JSON.parse(await first.waitForLine(/"msg":"job started"/));
    first.kill('SIGKILL');
    await first.exited;
    const killedJobId: string = started.jobId;

    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('analysis', { connection: redis, prefix: stack.queuePrefix });
    try {
      expect(await (await queue.getJob(killedJobId))?.getState()).toBe('active'); // held by the dead worker

      const second = startCli(['worker'], env);
      try {
        await waitForAnalysis(stack.database, athlete.id);
      } finally {
        second.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
      const killedJob = await queue.getJob(killedJobId);
      expect(await killedJob?.getState()).toBe('completed');
      expect(killedJob?.stalledCounter).toBe(1); // recovered from the stall once, then completed
      expect(await queue.getFailedCount()).toBe(0);
      expect(await stack.database.prisma.activityAnalysis.count({ where: { athleteId: athlete.id } })).toBe(
        activities,
      );
      // The second worker ran the recovered job once.
      const runsOfKilledJob = second
        .output()
        .split('\n')
        .filter((line) => line.includes(killedJobId) && line.includes('"msg":"job started"'));
      expect(runsOfKilledJob).toHaveLength(1);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  }, 180_000);
});
