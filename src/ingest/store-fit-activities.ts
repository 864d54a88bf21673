import type { ImportedActivity } from '../domain/activity.ts';
import { encodeStreams } from '../domain/stream-codec.ts';
import type { DecodedFitActivity } from '../fit/decode-fit-file.ts';
import type { Activity, Prisma } from '../generated/prisma/client.ts';

type Transaction = Prisma.TransactionClient;

export interface FitFileIdentity {
  contentHash: string;
  fileName: string;
}

export interface StoredFitActivities {
  /** Newly created activities (for a multisport file, the parent first). */
  created: Activity[];
  /** Activities that were already stored, from this file or another recording of the same session. */
  existing: Activity[];
}

/**
 * Stores the sessions of one FIT file. A session already stored — from this very file (content hash +
 * session index) or from another copy of it (same athlete, sport and start second) — is not stored again:
 * the file is linked to it as one more source.
 */
export async function storeFitActivities(
  tx: Transaction,
  athleteId: string,
  file: FitFileIdentity,
  sessions: DecodedFitActivity[],
): Promise<StoredFitActivities> {
  const result: StoredFitActivities = { created: [], existing: [] };
  const isMultisport = sessions.length > 1 && sessions.some((session) => session.multisport);
  let parentId: string | null = null;
  if (isMultisport) {
    const parent = await findOrCreateMultisportParent(tx, athleteId, file, sessions);
    (parent.created ? result.created : result.existing).push(parent.activity);
    parentId = parent.activity.id;
  }
  for (const session of sessions) {
    const externalId = fitSourceId(athleteId, file, session.sessionIndex);
    const known = await findSameSession(tx, athleteId, externalId, session);
    if (known) {
      await linkSource(tx, known.id, externalId, file, session);
      result.existing.push(known);
      continue;
    }
    const activity = await createActivity(tx, athleteId, parentId, session);
    await linkSource(tx, activity.id, externalId, file, session);
    if (session.streams) {
      await tx.activityStream.createMany({
        data: encodeStreams(session.streams).map((stream) => ({ activityId: activity.id, ...stream })),
      });
    }
    result.created.push(activity);
  }
  return result;
}

/**
 * A FIT file's sessions are identified by the file's content, within one athlete: the same bytes imported
 * for two athletes (a coach's mistake, a shared demo file) must never link one athlete's activity to the other.
 */
function fitSourceId(athleteId: string, file: FitFileIdentity, session: number | 'multisport'): string {
  return `${athleteId}/${file.contentHash}:${session}`;
}

async function findSameSession(
  tx: Transaction,
  athleteId: string,
  externalId: string,
  session: ImportedActivity,
): Promise<Activity | null> {
  const source = await tx.activitySource.findUnique({
    where: { provider_externalId: { provider: 'fit_file', externalId } },
    include: { activity: true },
  });
  if (source) return source.activity;
  // Another copy of the same recording (re-exported, or with a different tail): same start second, same sport.
  return tx.activity.findFirst({
    where: {
      athleteId,
      sport: session.sport,
      startTime: {
        gte: new Date(session.startTime.getTime() - 999),
        lte: new Date(session.startTime.getTime() + 999),
      },
    },
  });
}

async function linkSource(
  tx: Transaction,
  activityId: string,
  externalId: string,
  file: FitFileIdentity,
  session: DecodedFitActivity,
): Promise<void> {
  const rawPayload = {
    fileName: file.fileName,
    contentHash: file.contentHash,
    sessionIndex: session.sessionIndex,
    recordCount: session.recordCount,
    session: session.rawSession ?? null,
  } as Prisma.InputJsonValue;
  await tx.activitySource.upsert({
    where: { provider_externalId: { provider: 'fit_file', externalId } },
    create: { activityId, provider: 'fit_file', externalId, rawPayload },
    update: {},
  });
}

function createActivity(
  tx: Transaction,
  athleteId: string,
  parentId: string | null,
  session: DecodedFitActivity,
): Promise<Activity> {
  return tx.activity.create({
    data: {
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
    },
  });
}

async function findOrCreateMultisportParent(
  tx: Transaction,
  athleteId: string,
  file: FitFileIdentity,
  sessions: DecodedFitActivity[],
): Promise<{ activity: Activity; created: boolean }> {
  const externalId = fitSourceId(athleteId, file, 'multisport');
  const source = await tx.activitySource.findUnique({
    where: { provider_externalId: { provider: 'fit_file', externalId } },
    include: { activity: true },
  });
  if (source) return { activity: source.activity, created: false };
  const first = sessions[0]!;
  const end = Math.max(
    ...sessions.map((session) => session.startTime.getTime() + session.elapsedTimeS * 1000),
  );
  const activity = await tx.activity.create({
    data: {
      athleteId,
      sport: 'multisport',
      startTime: first.startTime,
      utcOffsetS: first.utcOffsetS,
      elapsedTimeS: (end - first.startTime.getTime()) / 1000,
      movingTimeS: sumOrNull(sessions.map((session) => session.movingTimeS)),
      distanceM: sumOrNull(sessions.map((session) => session.distanceM)),
      maxHeartRate: maxOrNull(sessions.map((session) => session.maxHeartRate)),
      device: first.device,
    },
  });
  await tx.activitySource.create({
    data: {
      activityId: activity.id,
      provider: 'fit_file',
      externalId,
      rawPayload: { fileName: file.fileName, contentHash: file.contentHash, sessions: sessions.length },
    },
  });
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
