import { describe, expect, it } from 'vitest';
import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { inTransaction } from '../../src/db/in-transaction.ts';
import { type ProviderActivity, upsertProviderActivity } from '../../src/ingest/provider-activity.store.ts';
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

  async function store(activity: ProviderActivity, athleteId: string) {
    return inTransaction(stack.database.pool, (client) =>
      upsertProviderActivity(client, {
        athleteId,
        provider: 'strava',
        externalId: '777',
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
});
