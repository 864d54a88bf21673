import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { markAthleteChangedSql } from '../athlete-analysis/mark-athlete-changed.ts';
import type { ImportedActivity } from '../domain/activity.ts';
import type { EncodedStream } from '../domain/stream-codec.ts';
import type { DecodedFitActivity } from '../fit/decode-fit-file.ts';
import type { ImportStatus } from '../generated/prisma/enums.ts';
import { markAnalysisStale } from './provider-activity.store.ts';
import {
  bestMatch,
  type SessionOutline,
  sameSessionCandidateParameters,
  sameSessionCandidates,
} from './same-session.ts';

/**
 * The import's statements in plain SQL through pg. Importing is the hot path (bench:import compares it
 * with the FIT parser alone) and the ORM's per-query cost was as large as the parsing itself; these are
 * a handful of short statements per file. test/integration/schema-drift.test.ts keeps the tables honest.
 */

type Queryable = pg.Pool | pg.PoolClient;

/** The stored fields an import reports (see summarize-activities.ts). */
export interface ActivityRow {
  id: string;
  sport: string;
  subSport: string | null;
  startTime: Date;
  utcOffsetS: number | null;
  timeZone: string | null;
  elapsedTimeS: number;
  movingTimeS: number | null;
  distanceM: number | null;
  heartRateSamples: number;
}

export const ACTIVITY_COLUMNS = `a.id, a.sport, a.sub_sport AS "subSport", a.start_time AS "startTime",
  a.utc_offset_s AS "utcOffsetS", a.time_zone AS "timeZone", a.elapsed_time_s AS "elapsedTimeS",
  a.moving_time_s AS "movingTimeS", a.distance_m AS "distanceM", a.heart_rate_samples AS "heartRateSamples"`;

export async function findEarlierImport(
  db: Queryable,
  athleteId: string,
  contentHash: string,
): Promise<{ activityIds: string[] } | null> {
  // Asked once per file: prepared once per connection, by name.
  const { rows } = await db.query<{ activityIds: string[] }>({
    name: 'find-earlier-import',
    text: `SELECT activity_ids AS "activityIds" FROM import_log
     WHERE athlete_id = $1 AND content_hash = $2 AND status IN ('imported', 'duplicate')
     ORDER BY created_at LIMIT 1`,
    values: [athleteId, contentHash],
  });
  return rows[0] ?? null;
}

export async function loadActivities(db: Queryable, ids: string[]): Promise<ActivityRow[]> {
  const { rows } = await db.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM activity a WHERE a.id = ANY($1::uuid[]) ORDER BY a.start_time`,
    [ids],
  );
  return rows;
}

export interface ImportLogRow {
  athleteId: string;
  fileName: string;
  contentHash: string;
  sizeBytes: number;
  status: ImportStatus;
  reason?: string | undefined;
  warnings?: string[];
  activityIds?: string[];
}

export async function insertImportLog(db: Queryable, log: ImportLogRow): Promise<void> {
  await db.query(`INSERT INTO import_log ${IMPORT_LOG_VALUES}`, importLogParameters(log));
}

/**
 * The import log of a file that changed the athlete's data, and the change mark (markAthleteChanged), in
 * one round trip. Returns the athlete's new change count.
 */
export async function insertImportLogMarkingChange(db: Queryable, log: ImportLogRow): Promise<number> {
  const { rows } = await db.query<{ change_count: number }>(
    `WITH log AS (INSERT INTO import_log ${IMPORT_LOG_VALUES}) ${markAthleteChangedSql('$1')}`,
    importLogParameters(log),
  );
  return rows[0]!.change_count;
}

export const IMPORT_LOG_COLUMNS =
  'athlete_id, file_name, content_hash, size_bytes, status, reason, warnings, activity_ids';

const IMPORT_LOG_VALUES = `(${IMPORT_LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

function importLogParameters(log: ImportLogRow): unknown[] {
  return [
    log.athleteId,
    log.fileName,
    log.contentHash,
    log.sizeBytes,
    log.status,
    log.reason ?? null,
    log.warnings ?? [],
    log.activityIds ?? [],
  ];
}

/**
 * The activity this session already is: the one a source with this id points at, or the athlete's
 * activity that is the same session (another copy of the recording, or the same run from a provider).
 * One round trip: the source's activity and the candidates by start time come back together.
 */
export async function findSameSession(
  db: pg.PoolClient,
  athleteId: string,
  externalId: string,
  outline: SessionOutline,
): Promise<ActivityRow | null> {
  const { rows } = await db.query<ActivityRow & { bySource: boolean }>(
    `SELECT true AS "bySource", ${ACTIVITY_COLUMNS} FROM activity_source s JOIN activity a ON a.id = s.activity_id
     WHERE s.provider = 'fit_file' AND s.external_id = $1
     UNION ALL
     SELECT false, ${ACTIVITY_COLUMNS} FROM activity a WHERE ${sameSessionCandidates('a', 2)}`,
    [externalId, ...sameSessionCandidateParameters(athleteId, outline)],
  );
  const found = rows.find((row) => row.bySource) ?? bestMatch(outline, rows);
  if (!found) return null;
  const { bySource: _, ...activity } = found;
  return activity;
}

/** An activity to store: what an importer delivers, without its samples, plus where it belongs. */
export type NewActivity = Omit<ImportedActivity, 'streams'> & {
  athleteId: string;
  parentId: string | null;
  heartRateSamples: number;
};

const NEW_ACTIVITY_COLUMNS = `athlete_id, parent_id, sport, sub_sport, start_time, utc_offset_s, elapsed_time_s,
  moving_time_s, distance_m, avg_heart_rate, max_heart_rate, heart_rate_samples, device, manual`;

function newActivityParameters(activity: NewActivity): unknown[] {
  return [
    activity.athleteId,
    activity.parentId,
    activity.sport,
    activity.subSport,
    activity.startTime,
    activity.utcOffsetS,
    activity.elapsedTimeS,
    activity.movingTimeS,
    activity.distanceM,
    activity.avgHeartRate,
    activity.maxHeartRate,
    activity.heartRateSamples,
    activity.device,
    activity.manual,
  ];
}

/**
 * A new activity with the FIT file it came from and its samples, in one statement (one round trip).
 * Foreign keys are checked at the end of the statement, when all three are in.
 */
export async function insertFitActivity(
  db: Queryable,
  activity: NewActivity,
  source: FitSourceRow,
  streams: EncodedStream[],
): Promise<ActivityRow> {
  const parameters = new StatementParameters();
  const inserts = insertActivityWithSourceAndStreams(parameters, activity, source, streams, null);
  const { rows } = await db.query<ActivityRow>(
    `WITH ${inserts} SELECT ${ACTIVITY_COLUMNS} FROM a`,
    parameters.values,
  );
  return rows[0]!;
}

export interface FitSourceRow {
  externalId: string;
  rawPayload: unknown;
}

/** Numbered parameters for a statement assembled from parts: `add` returns the placeholder of a value. */
export class StatementParameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The CTEs `a` (the activity, inserted only when `onlyIf` holds), `s` (its FIT source) and `streams`. The
 * source's id is made here, so the activity can name it as where its samples come from as it is inserted.
 */
export function insertActivityWithSourceAndStreams(
  parameters: StatementParameters,
  activity: NewActivity,
  source: FitSourceRow,
  streams: EncodedStream[],
  onlyIf: string | null,
): string {
  const sourceId = randomUUID();
  const values = [...newActivityParameters(activity), streams.length ? sourceId : null]
    .map((value) => parameters.add(value))
    .join(', ');
  const inserts = [
    `a AS (
       INSERT INTO activity (${NEW_ACTIVITY_COLUMNS}, streams_source_id)
       SELECT ${values}${onlyIf ? ` WHERE ${onlyIf}` : ''} RETURNING *)`,
    `s AS (
       INSERT INTO activity_source (id, activity_id, provider, external_id, raw_payload)
       SELECT ${parameters.add(sourceId)}, a.id, 'fit_file', ${parameters.add(source.externalId)},
         ${parameters.add(JSON.stringify(source.rawPayload))} FROM a)`,
  ];
  if (streams.length) {
    inserts.push(`streams AS (
       INSERT INTO activity_stream (activity_id, type, sample_count, data)
       SELECT a.id, v.type, v.sample_count, v.data FROM a,
         (VALUES ${streamValueRows(parameters, streams)}) AS v (type, sample_count, data))`);
  }
  return inserts.join(',\n     ');
}

/** Links a FIT file to an activity; linking the same file twice changes nothing (and returns null). */
export async function insertFitSource(
  db: Queryable,
  activityId: string,
  externalId: string,
  rawPayload: unknown,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO activity_source (activity_id, provider, external_id, raw_payload) VALUES ($1, 'fit_file', $2, $3)
     ON CONFLICT (provider, external_id) DO NOTHING RETURNING id`,
    [activityId, externalId, JSON.stringify(rawPayload)],
  );
  return rows[0]?.id ?? null;
}

/** Whether a FIT file already describes this activity (another copy of the recording). */
export async function hasFitSource(db: Queryable, activityId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM activity_source WHERE activity_id = $1 AND provider = 'fit_file' LIMIT 1`,
    [activityId],
  );
  return rows.length > 0;
}

/**
 * A provider stored this session first; its recording (the FIT file) now describes it: the activity takes
 * the file's figures, so a run reads the same whichever source came first (issue 5). The provider's name
 * and time zone stay (a FIT file has neither); the analysis made from the summary is marked stale.
 */
export async function adoptSessionFields(
  db: pg.PoolClient,
  activityId: string,
  session: DecodedFitActivity,
): Promise<ActivityRow> {
  const { rows } = await db.query<ActivityRow>(
    `WITH a AS (
       UPDATE activity SET sport = $2, sub_sport = $3, start_time = $4, utc_offset_s = $5, elapsed_time_s = $6,
         moving_time_s = $7, distance_m = $8, avg_heart_rate = $9, max_heart_rate = $10, device = $11,
         manual = $12, updated_at = now()
       WHERE id = $1 RETURNING *)
     SELECT ${ACTIVITY_COLUMNS} FROM a`,
    [
      activityId,
      session.sport,
      session.subSport,
      session.startTime,
      session.utcOffsetS,
      session.elapsedTimeS,
      session.movingTimeS,
      session.distanceM,
      session.avgHeartRate,
      session.maxHeartRate,
      session.device,
      session.manual,
    ],
  );
  await markAnalysisStale(db, [activityId]);
  return rows[0]!;
}

export async function insertStreams(
  db: Queryable,
  activityId: string,
  streams: EncodedStream[],
): Promise<void> {
  if (!streams.length) return;
  const parameters = new StatementParameters();
  const activity = parameters.add(activityId);
  const rows = streamValueRows(parameters, streams);
  await db.query(
    `INSERT INTO activity_stream (activity_id, type, sample_count, data)
     SELECT ${activity}, v.type, v.sample_count, v.data FROM (VALUES ${rows}) AS v (type, sample_count, data)`,
    parameters.values,
  );
}

/**
 * One VALUES row per stream. Each sample block goes as its own Buffer parameter, which pg sends in binary
 * (an array parameter would be spelled out as hex text, twice the bytes to parse).
 */
function streamValueRows(parameters: StatementParameters, streams: EncodedStream[]): string {
  return streams
    .map((stream) => {
      const data = Buffer.from(stream.data.buffer, stream.data.byteOffset, stream.data.byteLength);
      const type = parameters.add(stream.type);
      const sampleCount = parameters.add(stream.sampleCount);
      return `(${type}::"StreamType", ${sampleCount}::integer, ${parameters.add(data)}::bytea)`;
    })
    .join(', ');
}

export function toNewActivity(
  athleteId: string,
  parentId: string | null,
  session: DecodedFitActivity,
): NewActivity {
  return {
    athleteId,
    parentId,
    sport: session.sport,
    subSport: session.subSport,
    startTime: session.startTime,
    utcOffsetS: session.utcOffsetS,
    elapsedTimeS: session.elapsedTimeS,
    movingTimeS: session.movingTimeS,
    distanceM: session.distanceM,
    avgHeartRate: session.avgHeartRate,
    maxHeartRate: session.maxHeartRate,
    heartRateSamples: session.heartRateSamples,
    device: session.device,
    manual: session.manual,
  };
}
