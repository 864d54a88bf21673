import type pg from 'pg';
import { encodeStreams } from '../domain/stream-codec.ts';
import type { DecodedFitActivity } from '../fit/decode-fit-file.ts';
import {
  type ActivityRow,
  adoptSessionFields,
  type FitSourceRow,
  findSameSession,
  hasFitSource,
  insertFitActivity,
  insertFitSource,
  type NewActivity,
  toNewActivity,
} from './fit-import.sql.ts';
import { offerActivityStreams } from './provider-activity.store.ts';

export interface FitFileIdentity {
  contentHash: string;
  fileName: string;
  /** Where the file came from when weekwise fetched it (e.g. 'garmin'); kept in the source's raw payload. */
  origin?: string | undefined;
}

export interface StoredFitActivities {
  /** Newly created activities (for a multisport file, the parent first). */
  created: ActivityRow[];
  /** Activities that were already stored, from this file or another recording of the same session. */
  existing: ActivityRow[];
  /** Of `existing`, those a provider stored (no FIT file yet) that this file now describes: changed. */
  joined: ActivityRow[];
}

/**
 * Stores the sessions of one FIT file, inside the caller's transaction, which holds the athlete's session
 * lock (beginLockingAthleteSessions). A session already stored — from
 * this very file (content hash + session index) or from another copy of it (same athlete, sport and start
 * second) — is not stored again: the file is linked to it as one more source.
 */
export async function storeFitActivities(
  client: pg.PoolClient,
  athleteId: string,
  file: FitFileIdentity,
  sessions: DecodedFitActivity[],
): Promise<StoredFitActivities> {
  const result: StoredFitActivities = { created: [], existing: [], joined: [] };
  const isMultisport = sessions.length > 1 && sessions.some((session) => session.multisport);
  let parentId: string | null = null;
  if (isMultisport) {
    const parent = await findOrCreateMultisportParent(client, athleteId, file, sessions);
    (parent.created ? result.created : result.existing).push(parent.activity);
    parentId = parent.activity.id;
  }
  for (const session of sessions) {
    const { externalId, rawPayload } = fitSessionSource(athleteId, file, session);
    const known = await findSameSession(client, athleteId, externalId, session);
    if (known) {
      const fromProvider = !(await hasFitSource(client, known.id));
      const sourceId = await insertFitSource(client, known.id, externalId, rawPayload);
      // The same run came from a provider first: the file's figures and samples are richer and take over.
      const adopted = sourceId && fromProvider ? await adoptSessionFields(client, known.id, session) : null;
      if (sourceId && session.streams) {
        await offerActivityStreams(client, known.id, { id: sourceId, provider: 'fit_file' }, session.streams);
      }
      result.existing.push(adopted ?? known);
      if (adopted) result.joined.push(adopted);
      continue;
    }
    const activity = await insertFitActivity(
      client,
      toNewActivity(athleteId, parentId, session),
      { externalId, rawPayload },
      session.streams ? encodeStreams(session.streams) : [],
    );
    result.created.push(activity);
  }
  return result;
}

/** A session's FIT source: the id that identifies it (fitSourceId) and what the file said of it. */
export function fitSessionSource(
  athleteId: string,
  file: FitFileIdentity,
  session: DecodedFitActivity,
): FitSourceRow {
  return {
    externalId: fitSourceId(athleteId, file, session.sessionIndex),
    rawPayload: {
      fileName: file.fileName,
      contentHash: file.contentHash,
      sessionIndex: session.sessionIndex,
      recordCount: session.recordCount,
      session: session.rawSession ?? null,
      ...(file.origin ? { origin: file.origin } : {}),
    },
  };
}

/**
 * A FIT file's sessions are identified by the file's content, within one athlete: the same bytes imported
 * for two athletes (a coach's mistake, a shared demo file) must never link one athlete's activity to the other.
 */
function fitSourceId(athleteId: string, file: FitFileIdentity, session: number | 'multisport'): string {
  return `${athleteId}/${file.contentHash}:${session}`;
}

async function findOrCreateMultisportParent(
  client: pg.PoolClient,
  athleteId: string,
  file: FitFileIdentity,
  sessions: DecodedFitActivity[],
): Promise<{ activity: ActivityRow; created: boolean }> {
  const externalId = fitSourceId(athleteId, file, 'multisport');
  const first = sessions[0]!;
  const end = Math.max(
    ...sessions.map((session) => session.startTime.getTime() + session.elapsedTimeS * 1000),
  );
  const rawPayload = {
    fileName: file.fileName,
    contentHash: file.contentHash,
    sessions: sessions.length,
    ...(file.origin ? { origin: file.origin } : {}),
  };
  const known = await findSameSession(client, athleteId, externalId, {
    sport: 'multisport',
    startTime: first.startTime,
    elapsedTimeS: (end - first.startTime.getTime()) / 1000,
    distanceM: sumOrNull(sessions.map((session) => session.distanceM)),
  });
  if (known) {
    // A provider's parent: the file describes it too, so it outlives that provider's leaving (issue 5).
    await insertFitSource(client, known.id, externalId, rawPayload);
    return { activity: known, created: false };
  }
  const newParent: NewActivity = {
    athleteId,
    parentId: null,
    sport: 'multisport',
    subSport: null,
    startTime: first.startTime,
    utcOffsetS: first.utcOffsetS,
    elapsedTimeS: (end - first.startTime.getTime()) / 1000,
    movingTimeS: sumOrNull(sessions.map((session) => session.movingTimeS)),
    distanceM: sumOrNull(sessions.map((session) => session.distanceM)),
    avgHeartRate: null,
    maxHeartRate: maxOrNull(sessions.map((session) => session.maxHeartRate)),
    heartRateSamples: 0,
    device: first.device,
    manual: false,
  };
  const activity = await insertFitActivity(client, newParent, { externalId, rawPayload }, []);
  return { activity, created: true };
}

function sumOrNull(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? present.reduce((total, value) => total + value, 0) : null;
}

function maxOrNull(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? Math.max(...present) : null;
}
