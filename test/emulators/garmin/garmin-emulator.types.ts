/**
 * The vocabulary of the Garmin emulator: permissions, notification kinds and the shapes a test hands in.
 * Field names of the payloads follow Garmin's public field tables (see README.md: no real samples exist).
 */

/** The permission names Garmin documents; a user grants a subset of them on the consent screen. */
export const GARMIN_PERMISSIONS = [
  'ACTIVITY_EXPORT',
  'WORKOUT_IMPORT',
  'HEALTH_EXPORT',
  'COURSE_IMPORT',
  'MCT_EXPORT',
] as const;
export type GarminPermission = (typeof GARMIN_PERMISSIONS)[number];

/** Each notification Garmin sends goes to its own endpoint, configured per app in Garmin's portal. */
export const NOTIFICATION_KINDS = [
  'activities',
  'activityDetails',
  'activityFiles',
  'deregistrations',
  'userPermissionsChange',
  'dailies',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationUrls = Partial<Record<NotificationKind, string>>;

/** How the emulator retries a notification weekwise did not accept (Garmin: 30 s timeout, retries for days). */
export interface DeliveryPolicy {
  /** A delivery not answered within this many real milliseconds counts as failed. */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; each later wait doubles. */
  backoffMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { timeoutMs: 2000, maxAttempts: 5, backoffMs: 200 };

/** One sample of an activity's details (about one per second), as Garmin names its fields. */
export interface GarminDetailSample {
  startTimeInSeconds: number;
  heartRate?: number;
  speedMetersPerSecond?: number;
  totalDistanceInMeters?: number;
  timerDurationInSeconds: number;
  clockDurationInSeconds: number;
  elevationInMeters?: number;
  stepsPerMinute?: number;
}

/** The summary fields of one activity, without the per-push `userId` / `userAccessToken`. */
export interface GarminActivitySummaryFields {
  summaryId: string;
  activityId: number;
  activityName: string;
  activityType: string;
  startTimeInSeconds: number;
  startTimeOffsetInSeconds: number;
  durationInSeconds: number;
  distanceInMeters?: number;
  averageHeartRateInBeatsPerMinute?: number;
  maxHeartRateInBeatsPerMinute?: number;
  averageSpeedInMetersPerSecond?: number;
  deviceName?: string;
  manual: boolean;
  isParent?: boolean;
  parentSummaryId?: string;
}

/** An activity the emulator holds for a user: what it pushes, and where its FIT file is. */
export interface GarminActivity {
  userId: string;
  summary: GarminActivitySummaryFields;
  samples: GarminDetailSample[];
  laps: Array<{ startTimeInSeconds: number }>;
  /** The real FIT file served through a ping's callback URL; null for activities built from values. */
  fitFile: string | null;
  /** Which notifications a backfill sends for this activity (the summary always goes). */
  deliver: { details: boolean; file: boolean };
  /** Legs of a multisport activity (each with `parentSummaryId`); empty otherwise. */
  children: GarminActivity[];
}

/**
 * What `addActivity` accepts: a real FIT file (its summary and samples are read with weekwise's decoder),
 * or explicit values; unset values get plausible defaults for a one-hour run.
 */
export interface GarminActivitySpec {
  fitFile?: string;
  activityName?: string;
  activityType?: string;
  startTime?: Date;
  startTimeOffsetInSeconds?: number;
  durationInSeconds?: number;
  distanceInMeters?: number;
  averageHeartRateInBeatsPerMinute?: number;
  maxHeartRateInBeatsPerMinute?: number;
  deviceName?: string;
  manual?: boolean;
  isParent?: boolean;
  parentSummaryId?: string;
  deliver?: { details?: boolean; file?: boolean };
}

/** One day of the Health API's daily summary; unset values get plausible defaults. */
export interface GarminDailySpec {
  /** Local date, YYYY-MM-DD. */
  calendarDate: string;
  startTimeOffsetInSeconds?: number;
  restingHeartRateInBeatsPerMinute?: number;
  steps?: number;
  averageHeartRateInBeatsPerMinute?: number;
  maxHeartRateInBeatsPerMinute?: number;
  averageStressLevel?: number;
}
