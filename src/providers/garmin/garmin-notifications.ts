import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { garminEventJob, SYNC_PRIORITY } from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { MAX_PAYLOAD_DEPTH, nestedTooDeep } from '../json-depth.ts';
import { insertProviderEvent } from '../provider-event.store.ts';
import { garminUserId } from './garmin.schemas.ts';
import { GarminPayloadError, parseGarminPayload } from './garmin-payload-error.ts';

/** Garmin posts each notification kind to its own address (configured in Garmin's developer portal). */
export const GARMIN_NOTIFICATIONS = {
  activities: { envelope: 'activities', kind: 'activity', priority: SYNC_PRIORITY.event },
  'activity-details': {
    envelope: 'activityDetails',
    kind: 'activity-details',
    // After the summaries, so that details seldom arrive before the activity they describe.
    priority: SYNC_PRIORITY.recent,
  },
  'activity-files': { envelope: 'activityFiles', kind: 'activity-file', priority: SYNC_PRIORITY.recent },
  deregistrations: { envelope: 'deregistrations', kind: 'deregistration', priority: SYNC_PRIORITY.event },
  'user-permissions': {
    envelope: 'userPermissionsChange',
    kind: 'permissions',
    priority: SYNC_PRIORITY.event,
  },
  dailies: { envelope: 'dailies', kind: 'daily', priority: SYNC_PRIORITY.incremental },
} as const;
export type GarminNotification = keyof typeof GARMIN_NOTIFICATIONS;
export type GarminEventKind = (typeof GARMIN_NOTIFICATIONS)[GarminNotification]['kind'];

/** A backfill pushes a month at once; far more items than this is not a notification. */
const MAX_ITEMS = 5000;
/** Reasons kept for the log when items are left out: a few say enough. */
const MAX_REJECTED_REASONS = 5;

const summaryIdentity = z.union([z.string().min(1).max(100), z.number().int().nonnegative()]);

/** What each item must carry to be stored and processed at all; the rest is read by its job. */
const IDENTITY: Record<GarminNotification, z.ZodType<{ userId: string; key: string }>> = {
  activities: z
    .looseObject({ userId: garminUserId, summaryId: summaryIdentity })
    .transform((item) => ({ userId: item.userId, key: String(item.summaryId) })),
  'activity-details': z
    .looseObject({ userId: garminUserId, summaryId: summaryIdentity })
    .transform((item) => ({ userId: item.userId, key: String(item.summaryId) })),
  'activity-files': z
    .looseObject({
      userId: garminUserId,
      summaryId: summaryIdentity,
      callbackURL: z.url({ error: 'is not an address' }),
    })
    .transform((item) => ({ userId: item.userId, key: String(item.summaryId) })),
  deregistrations: z
    .looseObject({ userId: garminUserId })
    .transform((item) => ({ userId: item.userId, key: item.userId })),
  'user-permissions': z
    .looseObject({ userId: garminUserId, permissions: z.array(z.string().max(64)).max(50) })
    .transform((item) => ({ userId: item.userId, key: item.userId })),
  dailies: z
    .looseObject({ userId: garminUserId, summaryId: summaryIdentity })
    .transform((item) => ({ userId: item.userId, key: String(item.summaryId) })),
};

export interface ReceivedNotification {
  /** Items stored in the inbox for the first time. */
  stored: number;
  /** Items already stored (a re-delivery): queued again only if still unprocessed. */
  duplicates: number;
  /** Items for Garmin users weekwise has no link with: answered 200 and forgotten. */
  ignored: number;
  /** Why items that could not be read were left out (the others of the notification are stored). */
  rejected: string[];
}

/**
 * One notification from Garmin: checked (a clear GarminPayloadError for a body that is not Garmin's),
 * each item of a runner weekwise knows stored in the provider_event inbox with a dedupe key, and queued.
 * Garmin retries whatever is not answered 200 for days, so nothing slow happens here, and a re-delivery
 * of the same item stores nothing new. The runner's access token that Garmin puts in every item is
 * dropped before anything is stored: tokens live encrypted in their connection, nowhere else.
 */
export async function receiveGarminNotification(
  db: Database,
  queue: JobQueue,
  notification: GarminNotification,
  body: unknown,
): Promise<ReceivedNotification> {
  const { envelope, kind, priority } = GARMIN_NOTIFICATIONS[notification];
  const subject = `Garmin ${envelope} notification`;
  const items = parseGarminPayload(
    z.object({
      [envelope]: z.array(z.unknown()).max(MAX_ITEMS, { error: `has more than ${MAX_ITEMS} items` }),
    }),
    body,
    subject,
  )[envelope] as unknown[];
  const unreadable: GarminPayloadError[] = [];
  const identified = items.flatMap((item, index) => {
    try {
      return [identify(notification, item, `${subject}, item ${index}`)];
    } catch (error) {
      if (!(error instanceof GarminPayloadError)) throw error;
      unreadable.push(error);
      return [];
    }
  });
  // Garmin re-sends what is not answered 200, for days, byte for byte: one unreadable item must not hold
  // back the others. Only a notification with nothing readable in it is refused, saying why.
  if (identified.length === 0 && unreadable[0]) throw unreadable[0];
  const rejected = unreadable.slice(0, MAX_REJECTED_REASONS).map((error) => error.message);
  const known = await knownGarminUsers(db, [...new Set(identified.map((entry) => entry.userId))]);
  const received: ReceivedNotification = { stored: 0, duplicates: 0, ignored: 0, rejected };
  for (const { item, token, userId, key } of identified) {
    if (!known.has(userId)) {
      received.ignored++;
      continue;
    }
    const dedupeKey = `${kind}:${key}:${fingerprint(item, notification === 'deregistrations' ? token : null)}`;
    const inserted = await insertProviderEvent(db.pool, {
      provider: 'garmin',
      kind,
      dedupeKey,
      payload: item,
    });
    // A re-delivery of an item whose job was lost (Redis down when it first came) queues it again.
    const eventId = inserted ?? (await findUnprocessedGarminEvent(db, dedupeKey));
    if (inserted) received.stored++;
    else received.duplicates++;
    if (eventId) await queue.enqueue(garminEventJob, { eventId }, { priority });
  }
  return received;
}

function identify(notification: GarminNotification, item: unknown, subject: string) {
  // Stored as it came, so junk nested too deep to be written back is refused here.
  if (nestedTooDeep(item))
    throw new GarminPayloadError(subject, [`is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`]);
  return {
    item: withoutToken(item),
    token: tokenOf(item),
    ...parseGarminPayload(IDENTITY[notification], item, subject),
  };
}

/** The item without `userAccessToken`: stored and hashed without it (it changes with every refresh). */
function withoutToken(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const { userAccessToken: _token, ...rest } = item as Record<string, unknown>;
  return rest;
}

function tokenOf(item: unknown): string | null {
  const token = (item as { userAccessToken?: unknown } | null)?.userAccessToken;
  return typeof token === 'string' ? token : null;
}

/**
 * Same content, same fingerprint: a re-delivery is recognised, a changed summary is not. A
 * deregistration says nothing but the user, so its token (hashed with the rest) tells a later
 * deregistration, after the runner connected again, from a re-delivery of the first.
 */
function fingerprint(item: unknown, token: string | null): string {
  const hash = createHash('sha256').update(JSON.stringify(item));
  if (token) hash.update(`\n${token}`);
  return hash.digest('base64url').slice(0, 22);
}

async function knownGarminUsers(db: Database, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const { rows } = await db.pool.query<{ userId: string }>(
    `SELECT external_athlete_id AS "userId" FROM provider_connection
     WHERE provider = 'garmin' AND status <> 'revoked' AND external_athlete_id = ANY($1::text[])`,
    [userIds],
  );
  return new Set(rows.map((row) => row.userId));
}

async function findUnprocessedGarminEvent(db: Database, dedupeKey: string): Promise<string | null> {
  const { rows } = await db.pool.query<{ id: string }>(
    `SELECT id FROM provider_event WHERE provider = 'garmin' AND dedupe_key = $1 AND processed_at IS NULL`,
    [dedupeKey],
  );
  return rows[0]?.id ?? null;
}
