import { describe, expect, it } from 'vitest';
import { type ActivityAnalysis, RULE_SET_V1 } from '../../src/analysis/index.ts';
import { upsertActivityAnalyses } from '../../src/athlete-analysis/athlete-analysis.store.ts';
import { markAthleteChanged } from '../../src/athlete-analysis/mark-athlete-changed.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { inTransaction } from '../../src/db/in-transaction.ts';
import {
  type ProviderActivity,
  replaceActivityStreams,
  upsertProviderActivity,
} from '../../src/ingest/provider-activity.store.ts';
import { generateSyntheticRun } from '../../src/synthetic/index.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable } from '../support/services.ts';

const ready = await postgresAvailable();
const now = new Date('2026-11-20T12:00:00Z');

const summary: ProviderActivity = {
  sport: 'running',
  subSport: null,
  startTime: new Date('2026-11-17T06:30:00Z'),
  utcOffsetS: 3600,
  timeZone: 'Europe/Paris',
  elapsedTimeS: 3000,
  movingTimeS: 2900,
  distanceM: 9000,
  avgHeartRate: 140,
  maxHeartRate: 160,
  device: null,
  manual: false,
  name: 'Morning Run',
};

/** A provider's later word on an activity (a title, a type or a time fixed on Strava) reaches its analysis. */
describe.skipIf(!ready)('an activity summary edited on the provider', () => {
  const stack = useScratchStack();

  async function store(activity: ProviderActivity, athleteId: string, externalId = '777') {
    return inTransaction(stack.database.pool, (client) =>
      upsertProviderActivity(client, {
        athleteId,
        provider: 'strava',
        externalId,
        activity,
        rawPayload: { id: 777 },
      }),
    );
  }

  async function inputsKey(activityId: string): Promise<string | undefined> {
    const { rows } = await stack.database.pool.query<{ inputs_key: string }>(
      'SELECT inputs_key FROM activity_analysis WHERE activity_id = $1',
      [activityId],
    );
    return rows[0]?.inputs_key;
  }

  it('keeps the analysis for a new title, makes it again for a new sport', async () => {
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'edited@example.com');
    const { activityId } = await store(summary, athlete.id);
    await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now);
    const analysedKey = await inputsKey(activityId);
    expect(analysedKey).toBeTruthy();

    await store({ ...summary, name: 'Easy one with Sam' }, athlete.id);
    expect(await inputsKey(activityId)).toBe(analysedKey);

    await store({ ...summary, name: 'Easy one with Sam', sport: 'cycling' }, athlete.id);
    expect(await inputsKey(activityId)).toBe('');
    const summaryOfRecompute = await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now);
    expect(summaryOfRecompute?.analysed).toBe(1);
    const { rows } = await stack.database.pool.query<{ runs: number; others: number }>(
      `SELECT (facts->'facts'->>'runCount')::int AS runs, jsonb_array_length(facts->'otherSessions') AS others FROM athlete_week WHERE athlete_id = $1 AND week_start = '2026-11-16'`,
      [athlete.id],
    );
    expect(rows[0]).toEqual({ runs: 0, others: 1 });
  });

  it('does not store an analysis made from samples that changed meanwhile; the next recompute makes it again', async () => {
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'raced@example.com');
    const { activityId, sourceId } = await store(summary, athlete.id, '778');
    const samples = generateSyntheticRun({ kind: 'easy', seed: 5, durationS: 2900, sampleIntervalS: 1 });
    const analysisRow = async () =>
      (
        await stack.database.pool.query<{ inputsKey: string; facts: Record<string, unknown> }>(
          'SELECT inputs_key AS "inputsKey", facts FROM activity_analysis WHERE activity_id = $1',
          [activityId],
        )
      ).rows[0];

    // The samples arrive (and are committed, the athlete marked changed) while a recompute is analysing
    // the activity from what it read before them: no samples.
    const raced = await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now, {
      loadStreams: async () => {
        await inTransaction(stack.database.pool, async (client) => {
          await replaceActivityStreams(client, activityId, sourceId, samples.streams);
          await markAthleteChanged(client, athlete.id);
        });
        return null;
      },
    });
    expect(raced?.analysed).toBe(1);
    expect(await analysisRow()).toBeUndefined(); // made from the old data: not stored

    // The recompute the change queued analyses the run from its samples…
    const next = await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now);
    expect(next?.analysed).toBe(1);
    const stored = (await analysisRow())!;
    expect(stored.inputsKey).not.toBe('');
    // …exactly as a rebuild from scratch does.
    await stack.database.pool.query('DELETE FROM activity_analysis WHERE activity_id = $1', [activityId]);
    await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now);
    expect((await analysisRow())!.facts).toEqual(stored.facts);
    expect(stored.facts.heartRateQuality).not.toBeNull();
  });

  it('lets an older recompute that finishes last give way to the newer one already stored', async () => {
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'late@example.com');
    await store(summary, athlete.id, '779');
    await markAthleteChanged(stack.database.pool, athlete.id);
    const weekRuns = async () =>
      (
        await stack.database.pool.query<{ runs: number }>(
          `SELECT (facts->'facts'->>'runCount')::int AS runs FROM athlete_week WHERE athlete_id = $1 AND week_start = '2026-11-16'`,
          [athlete.id],
        )
      ).rows[0]?.runs;

    // The older recompute reads one run; while it analyses, a second run arrives and a newer recompute
    // stores its weeks (two runs). The older one then reaches its write.
    const older = await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now, {
      loadStreams: async () => {
        await store({ ...summary, startTime: new Date('2026-11-19T06:30:00Z') }, athlete.id, '780');
        await markAthleteChanged(stack.database.pool, athlete.id);
        await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now);
        expect(await weekRuns()).toBe(2);
        return null;
      },
    });
    expect(older?.analysed).toBe(1);
    expect(await weekRuns()).toBe(2); // not the older recompute's one run
    const { rows } = await stack.database.pool.query(
      'SELECT analysed_count, change_count FROM athlete_analysis_state WHERE athlete_id = $1',
      [athlete.id],
    );
    expect(rows[0]).toEqual({ analysed_count: 2, change_count: 2 });
  });

  it('keeps an analysis stored since a single activity’s analysis read the old one', async () => {
    const athlete = await findOrCreateAthlete(stack.database.prisma, 'overtaken@example.com');
    const { activityId } = await store(summary, athlete.id, '781');
    await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, now);
    const { rows } = await stack.database.pool.query<{ facts: ActivityAnalysis; inputsKey: string }>(
      'SELECT facts, inputs_key AS "inputsKey" FROM activity_analysis WHERE activity_id = $1',
      [activityId],
    );
    const stored = rows[0]!;
    const activity = await stack.database.prisma.activity.findUniqueOrThrow({ where: { id: activityId } });
    const older = { ...stored.facts, trimp: 1 };
    // Made against a stale mark (''), while the recompute's analysis is what is stored now: kept.
    await upsertActivityAnalyses(
      stack.database.pool,
      athlete.id,
      [{ analysis: older, inputsKey: 'older', dataVersion: activity.updatedAt, replaces: '' }],
      now,
    );
    const after = await stack.database.pool.query(
      'SELECT inputs_key FROM activity_analysis WHERE activity_id = $1',
      [activityId],
    );
    expect(after.rows[0].inputs_key).toBe(stored.inputsKey);
    // Made against what is stored: written.
    await upsertActivityAnalyses(
      stack.database.pool,
      athlete.id,
      [{ analysis: older, inputsKey: 'newer', dataVersion: activity.updatedAt, replaces: stored.inputsKey }],
      now,
    );
    const written = await stack.database.pool.query(
      'SELECT inputs_key FROM activity_analysis WHERE activity_id = $1',
      [activityId],
    );
    expect(written.rows[0].inputs_key).toBe('newer');
  });
});
