/**
 * The emulator's own records of Strava's world (athletes, activities, subscription). They are plain data,
 * named the weekwise way; the Strava field names appear only where payloads are built (activity-payloads.ts,
 * athlete-payloads.ts) from the recorded fixtures.
 */

/** Every scope Strava knows, in the order Strava lists them (and the emulator reports them). */
export const STRAVA_SCOPES = [
  'read',
  'read_all',
  'profile:read_all',
  'profile:write',
  'activity:read',
  'activity:read_all',
  'activity:write',
] as const;
export type StravaScope = (typeof STRAVA_SCOPES)[number];

export function isStravaScope(value: string): value is StravaScope {
  return (STRAVA_SCOPES as readonly string[]).includes(value);
}

export interface EmulatedAthlete {
  id: number;
  firstname: string;
  lastname: string;
  /** What the athlete ticks on the consent screen; undefined = everything the app asks for. */
  grantedScopes?: StravaScope[];
  /** Clicks "Cancel" on the consent screen: the app gets `error=access_denied`. */
  denies: boolean;
  /** Where the athlete lives: generated activities start in this zone unless a spec says otherwise. */
  timeZone: string;
  createdAt: Date;
}

export interface AthleteSpec {
  id?: number;
  firstname?: string;
  lastname?: string;
  grantedScopes?: StravaScope[];
  denies?: boolean;
  timeZone?: string;
}

export interface EmulatedActivity {
  id: number;
  athleteId: number;
  name: string;
  sportType: string;
  startDate: Date;
  /** IANA zone; Strava's `timezone` label and `utc_offset` are derived from it at `startDate`. */
  timeZone: string;
  movingSeconds: number;
  elapsedSeconds: number;
  distanceMeters: number;
  elevationGainMeters: number;
  hasHeartRate: boolean;
  averageHeartRate: number | null;
  maxHeartRate: number | null;
  /** Per leg for runs (half of steps per minute, as Strava reports it), revolutions per minute for rides. */
  averageCadence: number | null;
  manual: boolean;
  trainer: boolean;
  commute: boolean;
  private: boolean;
  deviceName: string | null;
  workoutType: number | null;
  /** Seeds the lazily generated streams, so the same activity always yields the same samples. */
  streamSeed: number;
}

/** What a test may pin down when creating an activity; everything left out is generated. */
export type ActivitySpec = Partial<Omit<EmulatedActivity, 'athleteId' | 'streamSeed'>>;

/** Where generated activities fall in time: spread over [from, to], or one every `everyHours` back from `to`. */
export interface ActivityPlacement {
  from?: Date;
  to?: Date;
  everyHours?: number;
}

export interface RateLimitPair {
  fifteenMinutes: number;
  daily: number;
}

export interface StravaRateLimits {
  overall: RateLimitPair;
  read: RateLimitPair;
}

/** Strava's usual limits for an app; real apps get other numbers, so nothing may rely on these. */
export const DEFAULT_STRAVA_RATE_LIMITS: StravaRateLimits = {
  overall: { fifteenMinutes: 200, daily: 2000 },
  read: { fifteenMinutes: 100, daily: 1000 },
};

export interface PushSubscription {
  id: number;
  callbackUrl: string;
  verifyToken: string;
  createdAt: Date;
}

export interface WebhookEvent {
  object_type: 'activity' | 'athlete';
  object_id: number;
  aspect_type: 'create' | 'update' | 'delete';
  owner_id: number;
  updates?: Record<string, string>;
}
