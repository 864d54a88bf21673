import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  type ActivityAnalysis,
  type Alert,
  ANALYSIS_DETAIL_KEYS,
  type AnalysisSummary,
  type DaySummary,
  type FatigueDay,
  type RuleSet,
  type Week,
} from '../analysis/index.ts';

/** A week as stored: its days live in athlete_day. */
export type StoredWeek = Omit<Week, 'days'>;

/**
 * The recompute's reads and writes, in plain SQL through pg: an athlete's year is a few hundred analyses,
 * 53 weeks and 365 days of JSON, and the ORM's per-value JSON handling cost more than the analysis itself
 * (profiled with bench:analysis). Weeks and days carry a hash of their content, so a recompute writes only
 * the rows that changed: usually the current week and the days since the last run.
 */

export interface StoredAnalysis {
  inputsKey: string;
  facts: AnalysisSummary;
}

/** An athlete's stored analyses, without their details (half of each row's JSON): weeks do not read them. */
export async function loadStoredAnalyses(
  pool: pg.Pool,
  athleteId: string,
): Promise<Map<string, StoredAnalysis>> {
  const { rows } = await pool.query<{ activity_id: string; inputs_key: string; facts: AnalysisSummary }>(
    'SELECT activity_id, inputs_key, facts - $2::text[] AS facts FROM activity_analysis WHERE athlete_id = $1',
    [athleteId, ANALYSIS_DETAIL_KEYS],
  );
  return new Map(rows.map((row) => [row.activity_id, { inputsKey: row.inputs_key, facts: row.facts }]));
}

/** The analyses of an athlete's activities on local dates in [from, before), for a run's history. */
export async function loadAnalysesBetween(
  pool: pg.Pool,
  athleteId: string,
  from: string,
  before: string,
): Promise<AnalysisSummary[]> {
  const { rows } = await pool.query<{ facts: AnalysisSummary }>(
    'SELECT facts - $4::text[] AS facts FROM activity_analysis WHERE athlete_id = $1 AND local_date >= $2 AND local_date < $3',
    [athleteId, from, before, ANALYSIS_DETAIL_KEYS],
  );
  return rows.map((row) => row.facts);
}

/** An analysis just made, with what it was made from: the inputs key, and the activity row's version. */
export interface FreshAnalysis {
  analysis: ActivityAnalysis;
  inputsKey: string;
  /** The activity's `updated_at` when it was read: every change of its figures or samples moves it. */
  dataVersion: Date;
  /**
   * For a single activity's analysis: the stored inputs key it was made against (null: none stored). If
   * another analysis has been stored since (a recompute's, from a fuller history), it is not replaced.
   */
  replaces?: string | null;
}

export interface AthleteAnalysisResult {
  fresh: readonly FreshAnalysis[];
  weeks: readonly Week[];
  days: readonly DaySummary[];
  fatigue: readonly FatigueDay[];
  alerts: readonly Alert[];
  /** The change count read before the data: what this result covers. */
  analysedCount: number;
  ruleSet: RuleSet;
  now: Date;
}

interface HashedRow<T> {
  key: string;
  hash: string;
  json: string;
  value: T;
}

function hashed<T>(key: string, value: T): HashedRow<T> {
  const json = JSON.stringify(value);
  return { key, json, value, hash: createHash('sha1').update(json).digest('base64url') };
}

/** Rows whose content differs from what is stored, and stored keys that no longer exist. */
function diff<T>(
  rows: HashedRow<T>[],
  stored: Map<string, string>,
): { changed: HashedRow<T>[]; gone: string[] } {
  const keys = new Set(rows.map((row) => row.key));
  return {
    changed: rows.filter((row) => stored.get(row.key) !== row.hash),
    gone: [...stored.keys()].filter((key) => !keys.has(key)),
  };
}

/** Serialises the writes of one athlete's analysis (recomputes, single activities) until the commit. */
export async function lockAthleteAnalysis(client: pg.PoolClient, athleteId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`recompute:${athleteId}`]);
}

/**
 * Replaces an athlete's analysis in one transaction, serialised per athlete with an advisory lock. False
 * when a recompute that saw later changes has committed meanwhile: then nothing is written.
 */
export async function replaceAthleteAnalysis(
  pool: pg.Pool,
  athleteId: string,
  result: AthleteAnalysisResult,
): Promise<boolean> {
  // A week's days are stored once, as day rows; the week keeps its facts, runs and judgement.
  const weeks = result.weeks.map(({ days: _days, ...week }) => hashed(week.weekStart, week));
  const days = result.fatigue.map((day, index) =>
    hashed(day.date, { ...day, summary: result.days[index] ?? null }),
  );
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Two workers recomputing one athlete at once would interleave their writes.
    await lockAthleteAnalysis(client, athleteId);
    // A recompute that read the data before a later one, but got here after it, would put older weeks
    // over newer ones, and nothing would follow to correct them: it gives way.
    const { rows: state } = await client.query<{ analysedCount: number }>(
      'SELECT analysed_count AS "analysedCount" FROM athlete_analysis_state WHERE athlete_id = $1',
      [athleteId],
    );
    if ((state[0]?.analysedCount ?? 0) > result.analysedCount) {
      await client.query('COMMIT');
      return false;
    }
    await upsertActivityAnalyses(client, athleteId, result.fresh, result.now);
    const storedWeeks = await storedHashes(client, 'athlete_week', 'week_start', athleteId);
    const weekChanges = diff(weeks, storedWeeks);
    if (weekChanges.gone.length) {
      await client.query('DELETE FROM athlete_week WHERE athlete_id = $1 AND week_start = ANY($2::date[])', [
        athleteId,
        weekChanges.gone,
      ]);
    }
    if (weekChanges.changed.length) {
      await client.query(
        `INSERT INTO athlete_week (athlete_id, week_start, rule_set_version, verdict, confidence, flags, facts, content_hash, computed_at)
         SELECT $1, (w->'value'->>'weekStart')::date, w->'value'->>'ruleSetVersion', w->'value'->'judgement'->>'verdict',
           w->'value'->'judgement'->>'confidence', ARRAY(SELECT jsonb_array_elements_text(w->'value'->'judgement'->'flags')),
           w->'value', w->>'hash', $3
         FROM jsonb_array_elements($2::jsonb) AS w
         ON CONFLICT (athlete_id, week_start) DO UPDATE SET rule_set_version = excluded.rule_set_version,
           verdict = excluded.verdict, confidence = excluded.confidence, flags = excluded.flags, facts = excluded.facts,
           content_hash = excluded.content_hash, computed_at = excluded.computed_at`,
        [athleteId, jsonArray(weekChanges.changed), result.now],
      );
    }
    const storedDays = await storedHashes(client, 'athlete_day', 'date', athleteId);
    const dayChanges = diff(days, storedDays);
    if (dayChanges.gone.length) {
      await client.query('DELETE FROM athlete_day WHERE athlete_id = $1 AND date = ANY($2::date[])', [
        athleteId,
        dayChanges.gone,
      ]);
    }
    if (dayChanges.changed.length) {
      await client.query(
        `INSERT INTO athlete_day (athlete_id, date, load, ctl, atl, tsb, ramp_rate, acwr, monotony, strain, summary, content_hash)
         SELECT $1, (d->'value'->>'date')::date, (d->'value'->>'load')::float8, (d->'value'->>'ctl')::float8,
           (d->'value'->>'atl')::float8, (d->'value'->>'tsb')::float8, (d->'value'->>'rampRate')::float8,
           (d->'value'->>'acwr')::float8, (d->'value'->>'monotony')::float8, (d->'value'->>'strain')::float8,
           coalesce(d->'value'->'summary', '{}'::jsonb), d->>'hash'
         FROM jsonb_array_elements($2::jsonb) AS d
         ON CONFLICT (athlete_id, date) DO UPDATE SET load = excluded.load, ctl = excluded.ctl, atl = excluded.atl,
           tsb = excluded.tsb, ramp_rate = excluded.ramp_rate, acwr = excluded.acwr, monotony = excluded.monotony,
           strain = excluded.strain, summary = excluded.summary, content_hash = excluded.content_hash`,
        [athleteId, jsonArray(dayChanges.changed)],
      );
    }
    await client.query(
      `INSERT INTO athlete_analysis_state (athlete_id, analysed_count, analysed_at, rule_set_version, alerts)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (athlete_id) DO UPDATE SET
         analysed_count = GREATEST(athlete_analysis_state.analysed_count, excluded.analysed_count),
         analysed_at = excluded.analysed_at, rule_set_version = excluded.rule_set_version, alerts = excluded.alerts`,
      [athleteId, result.analysedCount, result.now, result.ruleSet.version, JSON.stringify(result.alerts)],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Stores analyses, each only if its activity is still as it was read. A sync may store new samples (or
 * figures) while an analysis is being made from the old ones; it marks the old analysis stale and the
 * athlete changed. Written over that mark, the old analysis would carry a valid inputs key, and the
 * recompute the change queued would keep it for good. Skipped instead, it is made again by that recompute.
 */
export async function upsertActivityAnalyses(
  db: pg.Pool | pg.PoolClient,
  athleteId: string,
  fresh: readonly FreshAnalysis[],
  now: Date,
): Promise<void> {
  if (!fresh.length) return;
  await db.query(
    `INSERT INTO activity_analysis (activity_id, athlete_id, rule_set_version, inputs_key, local_date, intensity_class,
       long, purpose, zone1_s, zone2_s, zone3_s, trimp, confidence, facts, computed_at)
     SELECT (a->'facts'->>'activityId')::uuid, $1, a->'facts'->>'ruleSetVersion', a->>'inputsKey',
       (a->'facts'->>'localDate')::date, a->'facts'->>'class', (a->'facts'->>'long')::boolean, a->'facts'->>'purpose',
       (a->'facts'->'timeInZonesS'->>'z1')::float8, (a->'facts'->'timeInZonesS'->>'z2')::float8,
       (a->'facts'->'timeInZonesS'->>'z3')::float8, (a->'facts'->>'trimp')::float8, a->'facts'->>'confidence',
       a->'facts', $3
     FROM jsonb_array_elements($2::jsonb) AS a
     -- an activity changed or deleted since it was read is skipped, not an error
     WHERE EXISTS (SELECT 1 FROM activity WHERE id = (a->'facts'->>'activityId')::uuid
       AND updated_at = (a->>'dataVersion')::timestamptz)
       AND (NOT a ? 'replaces' OR (SELECT x.inputs_key FROM activity_analysis x
         WHERE x.activity_id = (a->'facts'->>'activityId')::uuid) IS NOT DISTINCT FROM a->>'replaces')
     ON CONFLICT (activity_id) DO UPDATE SET rule_set_version = excluded.rule_set_version,
       inputs_key = excluded.inputs_key, local_date = excluded.local_date, intensity_class = excluded.intensity_class,
       long = excluded.long, purpose = excluded.purpose, zone1_s = excluded.zone1_s, zone2_s = excluded.zone2_s,
       zone3_s = excluded.zone3_s, trimp = excluded.trimp, confidence = excluded.confidence, facts = excluded.facts,
       computed_at = excluded.computed_at`,
    [
      athleteId,
      JSON.stringify(
        fresh.map(({ analysis, inputsKey, dataVersion, replaces }) => ({
          facts: analysis,
          inputsKey,
          dataVersion: dataVersion.toISOString(),
          ...(replaces === undefined ? {} : { replaces }),
        })),
      ),
      now,
    ],
  );
}

async function storedHashes(
  client: pg.PoolClient,
  table: 'athlete_week' | 'athlete_day',
  keyColumn: 'week_start' | 'date',
  athleteId: string,
): Promise<Map<string, string>> {
  const { rows } = await client.query<{ key: string; hash: string }>(
    `SELECT to_char(${keyColumn}, 'YYYY-MM-DD') AS key, content_hash AS hash FROM ${table} WHERE athlete_id = $1`,
    [athleteId],
  );
  return new Map(rows.map((row) => [row.key, row.hash]));
}

/** The changed rows as one JSON document, their JSON text reused rather than serialised again. */
function jsonArray(rows: HashedRow<unknown>[]): string {
  return `[${rows.map((row) => `{"hash":"${row.hash}","value":${row.json}}`).join(',')}]`;
}
