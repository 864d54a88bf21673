import { z } from 'zod';
import { parseGarminPayload } from './garmin-payload-error.ts';

/**
 * What weekwise reads from Garmin, checked at the edge. Garmin publishes no payload samples: these
 * follow the field names of its public Activity and Health API tables (../shared/docs/PROVIDERS.md).
 * Strict on the fields weekwise needs, tolerant of fields it does not know (dropped here; the caller
 * keeps the raw JSON) and of null where a value is optional.
 */
export { GarminPayloadError } from './garmin-payload-error.ts';

/** Longest activity weekwise accepts: multi-day races last days, not months. */
export const MAX_ACTIVITY_SECONDS = 30 * 24 * 3600;
/** A transcontinental ride is about 10,000 km. */
const MAX_DISTANCE_M = 20_000_000;
/** 1990 … 2100: a Garmin instant outside is a broken clock, not an activity. */
const EPOCH_RANGE_S = [631_152_000, 4_102_444_800] as const;

/** Garmin's user ids are opaque tokens (a UUID, or 32 hex digits). */
export const garminUserId = z
  .string({ error: 'should be a text id' })
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, { error: 'is not a Garmin user id' });

/** Summary ids are text, sometimes sent as numbers; kept as text. */
const summaryId = z
  .union([z.string(), z.number().int().nonnegative()], { error: 'should be a text or numeric id' })
  .transform(String)
  .pipe(z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, { error: 'is not a Garmin summary id' }));

/** Activity ids are integers (11 digits today); kept as decimal text, the way weekwise stores ids. */
const activityId = z.unknown().transform((value, context) => {
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  context.addIssue({
    code: 'custom',
    message: value === undefined ? 'is missing' : 'is not a Garmin activity id',
  });
  return z.NEVER;
});

const epochSeconds = z
  .number()
  .int()
  .min(EPOCH_RANGE_S[0], { error: 'is before 1990' })
  .max(EPOCH_RANGE_S[1], { error: 'is after 2100' });

const seconds = z
  .number()
  .min(0, { error: 'is negative' })
  .max(MAX_ACTIVITY_SECONDS, { error: 'is longer than 30 days' });

const text = (maxLength: number) =>
  z
    .string()
    .nullish()
    .transform((value) => (value == null ? null : value.slice(0, maxLength)));

const optionalNumber = z.number().nullish();

/** One activity summary (the `activities` push, and the `summary` inside activity details). */
const activitySummarySchema = z.object({
  summaryId,
  activityId,
  activityName: text(500),
  activityType: z.string().min(1, { error: 'is empty' }).max(64, { error: 'is too long' }),
  startTimeInSeconds: epochSeconds,
  startTimeOffsetInSeconds: optionalNumber,
  durationInSeconds: seconds,
  movingDurationInSeconds: seconds.nullish(),
  distanceInMeters: z
    .number()
    .min(0, { error: 'is negative' })
    .max(MAX_DISTANCE_M, { error: 'is too far' })
    .nullish(),
  averageHeartRateInBeatsPerMinute: optionalNumber,
  maxHeartRateInBeatsPerMinute: optionalNumber,
  deviceName: text(200),
  manual: z
    .boolean()
    .nullish()
    .transform((value) => value === true),
  isParent: z
    .boolean()
    .nullish()
    .transform((value) => value === true),
  parentSummaryId: summaryId.nullish().transform((value) => value ?? null),
});
export type GarminActivitySummary = z.output<typeof activitySummarySchema>;

/**
 * Details: the summary again (Garmin sends it along) and ~1 Hz samples. The samples are only checked to
 * be a list of bounded length here; map-garmin-samples.ts reads them one by one, which costs far less
 * than a schema per sample on a ten-hour recording.
 */
export const MAX_DETAIL_SAMPLES = 1_000_000;
const activityDetailsSchema = z.object({
  summaryId,
  activityId,
  summary: z.unknown().optional(),
  samples: z
    .custom<unknown[]>((value) => Array.isArray(value), { error: 'should be a list' })
    .check(
      z.refine((samples) => samples.length <= MAX_DETAIL_SAMPLES, {
        error: `has more than ${MAX_DETAIL_SAMPLES} samples`,
      }),
    )
    .nullish()
    .transform((value) => value ?? []),
});
export type GarminActivityDetails = z.output<typeof activityDetailsSchema>;

/** An `activityFiles` ping: the FIT file waits at `callbackURL` (24 hours, one download). */
const activityFileSchema = z.object({
  userId: garminUserId,
  summaryId,
  activityId: activityId.optional(),
  callbackURL: z.url({ error: 'is not an address' }).max(4000, { error: 'is too long' }),
  fileType: z.string().max(20).nullish(),
});
export type GarminActivityFilePing = z.output<typeof activityFileSchema>;

const permissionChangeSchema = z.object({
  userId: garminUserId,
  permissions: z.array(z.string().max(64)).max(50, { error: 'lists too many permissions' }),
  changeTimeInSeconds: epochSeconds.nullish(),
});
export type GarminPermissionChange = z.output<typeof permissionChangeSchema>;

const dailySchema = z.object({
  userId: garminUserId,
  summaryId,
  calendarDate: z.iso.date({ error: 'is not a date (YYYY-MM-DD)' }),
  restingHeartRateInBeatsPerMinute: optionalNumber,
});
export type GarminDaily = z.output<typeof dailySchema>;

export function parseGarminActivitySummary(json: unknown): GarminActivitySummary {
  return parseGarminPayload(activitySummarySchema, json, subjectOf('Garmin activity', json));
}

export function parseGarminActivityDetails(json: unknown): GarminActivityDetails {
  return parseGarminPayload(activityDetailsSchema, json, subjectOf('Garmin activity details', json));
}

export function parseGarminActivityFilePing(json: unknown): GarminActivityFilePing {
  return parseGarminPayload(activityFileSchema, json, subjectOf('Garmin activity file', json));
}

export function parseGarminPermissionChange(json: unknown): GarminPermissionChange {
  return parseGarminPayload(permissionChangeSchema, json, 'Garmin permission change');
}

export function parseGarminDaily(json: unknown): GarminDaily {
  return parseGarminPayload(dailySchema, json, subjectOf('Garmin daily summary', json));
}

/** GET /user/id. */
export function parseGarminUserId(json: unknown): string {
  return parseGarminPayload(z.object({ userId: garminUserId }), json, 'Garmin user id answer').userId;
}

/** GET /user/permissions: the names the runner left ticked on the consent screen. */
export function parseGarminPermissions(json: unknown): string[] {
  return parseGarminPayload(
    z.array(z.string().max(64)).max(50, { error: 'lists too many permissions' }),
    json,
    'Garmin permissions answer',
  );
}

/** "Garmin activity 123" when the body has a readable id, else just the kind of object. */
function subjectOf(kind: string, json: unknown): string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return kind;
  const { activityId: id, summaryId: summary } = json as { activityId?: unknown; summaryId?: unknown };
  for (const candidate of [id, summary]) {
    if (typeof candidate === 'number' && Number.isSafeInteger(candidate)) return `${kind} ${candidate}`;
    if (typeof candidate === 'string' && /^[\w-]{1,40}$/.test(candidate)) return `${kind} ${candidate}`;
  }
  return kind;
}
