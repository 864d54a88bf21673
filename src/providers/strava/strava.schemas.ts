import { z } from 'zod';
import { MAX_PAYLOAD_DEPTH, nestedTooDeep } from '../json-depth.ts';
import { describeValue, parseWithSchema, StravaPayloadError } from './strava-payload-error.ts';

/**
 * What weekwise reads from Strava's answers, checked at the edge: strict on the fields it needs, tolerant
 * of fields it does not know (they are dropped here; the caller keeps the raw JSON) and of null where
 * Strava sends null. Every `parseStrava…` returns Strava's own shape, typed, or throws StravaPayloadError.
 */
export { StravaPayloadError } from './strava-payload-error.ts';
export { parseStravaStreams, type StravaStreamKey, type StravaStreams } from './strava-streams.schemas.ts';

/** Longest activity weekwise accepts: multi-day races last days, not months. */
export const MAX_ACTIVITY_SECONDS = 30 * 24 * 3600;
/** Furthest distance of one activity: a transcontinental ride is about 10,000 km. */
const MAX_DISTANCE_M = 20_000_000;
const MAX_NAME_LENGTH = 500;

/** Strava ids are integers sent as JSON numbers (or, by some clients, strings); kept as decimal strings. */
export const stravaId = z.unknown().transform((value, context) => {
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    // Beyond 2^53 a JSON number has already lost digits: the id we would store is not Strava's.
    if (Number.isSafeInteger(value)) return String(value);
    context.addIssue({ code: 'custom', message: 'is too large to be read exactly from JSON' });
    return z.NEVER;
  }
  context.addIssue({
    code: 'custom',
    message: value === undefined ? 'is missing' : `is not an id (got ${describeValue(value)})`,
  });
  return z.NEVER;
});

/** Strava's instants: "2018-11-04T14:53:46Z" (start_date_local too: the wall clock, marked Z). */
const instant = z.unknown().transform((value, context) => {
  const time =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isFinite(time)) return new Date(time);
  context.addIssue({ code: 'custom', message: value === undefined ? 'is missing' : 'is not a date' });
  return z.NEVER;
});

const seconds = z
  .number()
  .min(0, { error: 'is negative' })
  .max(MAX_ACTIVITY_SECONDS, { error: 'is longer than 30 days' });

/** Display text: a very long one is cut, not refused. */
const text = (maxLength: number) =>
  z
    .string()
    .nullish()
    .transform((value) => (value == null ? null : value.slice(0, maxLength)));

const flag = z
  .boolean()
  .nullish()
  .transform((value) => value === true);

const activitySchema = z
  .object({
    id: stravaId,
    name: text(MAX_NAME_LENGTH),
    sport_type: z.string().max(64, { error: 'is too long' }).nullish(),
    // Deprecated by Strava, but the only sport field of activities recorded before 2022.
    type: z.string().max(64, { error: 'is too long' }).nullish(),
    start_date: instant,
    start_date_local: instant.nullish(),
    timezone: text(200),
    utc_offset: z.number().nullish(),
    elapsed_time: seconds,
    moving_time: seconds.nullish(),
    distance: z
      .number()
      .min(0, { error: 'is negative' })
      .max(MAX_DISTANCE_M, { error: 'is too far' })
      .nullish(),
    has_heartrate: flag,
    average_heartrate: z.number().nullish(),
    max_heartrate: z.number().nullish(),
    manual: flag,
    trainer: flag,
    private: flag,
    visibility: text(40),
    workout_type: z.number().nullish(),
    device_name: text(200),
    athlete: z.object({ id: stravaId }).nullish(),
  })
  .transform(({ sport_type, type, ...activity }, context) => {
    const sportType = sport_type || type;
    if (sportType) return { ...activity, sport_type: sportType };
    context.addIssue({ code: 'custom', path: ['sport_type'], message: 'is missing (and so is type)' });
    return z.NEVER;
  });
export type StravaActivity = z.output<typeof activitySchema>;

const athleteSchema = z.object({
  id: stravaId,
  firstname: text(200),
  lastname: text(200),
});
export type StravaAthlete = z.output<typeof athleteSchema>;

/** The answer to both grants of POST /oauth/token (the athlete comes with authorization_code only). */
const tokenSchema = z.object({
  token_type: z.string().nullish(),
  access_token: z.string().min(1, { error: 'is empty' }),
  refresh_token: z.string().min(1, { error: 'is empty' }),
  /** Epoch seconds. */
  expires_at: z.number().int().positive(),
  expires_in: z.number().nullish(),
  athlete: athleteSchema.nullish(),
});
export type StravaToken = z.output<typeof tokenSchema>;

/** Strava sends `updates` values as strings ("true", "false"); some clients send booleans: kept as text. */
const updateValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const eventSchema = z.object({
  object_type: z.enum(['activity', 'athlete']),
  object_id: stravaId,
  aspect_type: z.enum(['create', 'update', 'delete']),
  owner_id: stravaId,
  subscription_id: stravaId,
  /** Epoch seconds. */
  event_time: z.number().int().nonnegative(),
  updates: z
    .record(z.string(), updateValue)
    .nullish()
    .transform((updates) => updates ?? {}),
});
export type StravaEvent = z.output<typeof eventSchema>;

const subscriptionSchema = z.object({ id: stravaId, callback_url: z.string() });
export type StravaSubscription = z.output<typeof subscriptionSchema>;

/**
 * Strava's error body: `{"message":"Authorization Error","errors":[{"resource","field","code"}]}`, or the
 * older 429 body `{"message":"Too Many Requests","errors":"Rate Limit Exceeded","status":429}`.
 */
const faultSchema = z.object({
  message: z.string(),
  errors: z.union([
    z.string().transform((error) => [error]),
    z
      .array(
        z.looseObject({
          resource: z.string().nullish(),
          field: z.string().nullish(),
          code: z.string().nullish(),
        }),
      )
      .transform((errors) =>
        errors.map((error) => [error.resource, error.field, error.code].filter(Boolean).join(' ')),
      ),
  ]),
});
export interface StravaFault {
  message: string;
  details: string[];
}

export function parseStravaActivity(json: unknown): StravaActivity {
  const subject = subjectOf('Strava activity', json);
  rejectFault(json, subject);
  // Its JSON is stored as it came: junk nested too deep to be written back is refused here.
  if (nestedTooDeep(json)) {
    throw new StravaPayloadError(subject, [`is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`]);
  }
  return parseWithSchema(activitySchema, json, subject);
}

export function parseStravaAthlete(json: unknown): StravaAthlete {
  const subject = subjectOf('Strava athlete', json);
  rejectFault(json, subject);
  return parseWithSchema(athleteSchema, json, subject);
}

export function parseStravaToken(json: unknown): StravaToken {
  rejectFault(json, 'Strava token answer');
  return parseWithSchema(tokenSchema, json, 'Strava token answer');
}

export function parseStravaEvent(json: unknown): StravaEvent {
  return parseWithSchema(eventSchema, json, 'Strava webhook event');
}

export function parseStravaSubscriptions(json: unknown): StravaSubscription[] {
  rejectFault(json, 'Strava push subscriptions');
  return parseWithSchema(z.array(subscriptionSchema), json, 'Strava push subscriptions');
}

/** A page of GET /athlete/activities: the items, each still to be parsed on its own (one bad one is skipped). */
export function parseStravaActivityPage(json: unknown): unknown[] {
  rejectFault(json, 'Strava activity list');
  // Strava pages hold at most 200; anything far beyond is not a page.
  return parseWithSchema(
    z.array(z.unknown()).max(1000, { error: 'has more than 1000 activities: not a Strava page' }),
    json,
    'Strava activity list',
  );
}

/** Strava's error body, or null when `json` is not one. */
export function parseStravaFault(json: unknown): StravaFault | null {
  const result = faultSchema.safeParse(json);
  if (!result.success) return null;
  return { message: result.data.message, details: result.data.errors.filter(Boolean) };
}

function rejectFault(json: unknown, subject: string): void {
  const fault = parseStravaFault(json);
  if (!fault) return;
  const details = fault.details.length ? ` (${fault.details.join(', ')})` : '';
  throw new StravaPayloadError(subject, [
    `Strava answered with an error: ${fault.message}${details}`.slice(0, 300),
  ]);
}

/** "Strava activity 123" when the payload has a readable id, else just the kind of object. */
function subjectOf(kind: string, json: unknown): string {
  const id =
    typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { id?: unknown }).id : null;
  if (typeof id === 'number' && Number.isFinite(id)) return `${kind} ${id}`;
  if (typeof id === 'string' && /^[\w-]{1,30}$/.test(id)) return `${kind} ${id}`;
  return kind;
}
