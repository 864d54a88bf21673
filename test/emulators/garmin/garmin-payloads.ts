/**
 * Builders of the JSON bodies the emulator sends to weekwise.
 *
 * WRITTEN BY HAND, NOT RECORDED: Garmin publishes no payload samples, and no real recorded Garmin push
 * body with a redistributable license exists (see ../shared/fixtures/api/garmin/MANIFEST.md). Every body
 * here is written from the field names Garmin documents publicly (Activity API and Health API field
 * tables, as summarised in ../shared/docs/PROVIDERS.md). Values are consistent with each other (and, for
 * activities built from a real FIT file, with that file), but the exact set of optional fields, their
 * order and rarely used fields of Garmin's real bodies may differ.
 */
import type { Sport } from '../../../src/domain/sport.ts';
import type {
  GarminActivity,
  GarminActivitySummaryFields,
  GarminDailySpec,
  GarminPermission,
} from './garmin-emulator.types.ts';

export interface UserToken {
  userId: string;
  userAccessToken: string;
}

export type ActivitySummaryPayload = GarminActivitySummaryFields & UserToken;

/** Push body of the `activities` notification. */
export function buildActivitiesPush(user: UserToken, activities: readonly GarminActivity[]) {
  return { activities: activities.map((activity) => summaryPayload(user, activity.summary)) };
}

/** Push body of the `activityDetails` notification: summary, ~1 Hz samples and laps of each activity. */
export function buildActivityDetailsPush(user: UserToken, activities: readonly GarminActivity[]) {
  return {
    activityDetails: activities.map((activity) => ({
      ...user,
      // Garmin gives details their own summary id; activityId is what links them to the summary.
      summaryId: `${activity.summary.summaryId}-detail`,
      activityId: activity.summary.activityId,
      summary: { ...activity.summary },
      samples: activity.samples,
      laps: activity.laps,
    })),
  };
}

/** Ping body of the `activityFiles` notification: weekwise fetches each FIT file from its `callbackURL`. */
export function buildActivityFilesPing(
  user: UserToken,
  files: ReadonlyArray<{ activity: GarminActivity; callbackURL: string }>,
) {
  return {
    activityFiles: files.map(({ activity: { summary }, callbackURL }) => ({
      ...user,
      summaryId: summary.summaryId,
      fileType: 'FIT',
      callbackURL,
      startTimeInSeconds: summary.startTimeInSeconds,
      activityId: summary.activityId,
      activityName: summary.activityName,
      manual: summary.manual,
    })),
  };
}

export function buildDeregistrationPing(user: UserToken) {
  return { deregistrations: [{ userId: user.userId, userAccessToken: user.userAccessToken }] };
}

export function buildPermissionsChangePing(
  userId: string,
  permissions: readonly GarminPermission[],
  changeTimeInSeconds: number,
) {
  return {
    userPermissionsChange: [
      {
        userId,
        summaryId: `${userId}-permissions-${changeTimeInSeconds}`,
        permissions: [...permissions],
        changeTimeInSeconds,
      },
    ],
  };
}

export interface DailySummaryFields {
  summaryId: string;
  calendarDate: string;
  startTimeInSeconds: number;
  startTimeOffsetInSeconds: number;
  durationInSeconds: number;
  steps: number;
  restingHeartRateInBeatsPerMinute: number;
  averageHeartRateInBeatsPerMinute: number;
  maxHeartRateInBeatsPerMinute: number;
  averageStressLevel: number;
}

/** A Health API daily summary: one local calendar day, starting at local midnight. */
export function buildDailySummary(userId: string, spec: GarminDailySpec): DailySummaryFields {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(spec.calendarDate)) {
    throw new Error(`Garmin emulator: calendarDate must be YYYY-MM-DD, got ${spec.calendarDate}`);
  }
  const offset = spec.startTimeOffsetInSeconds ?? 0;
  const localMidnightS = Date.parse(`${spec.calendarDate}T00:00:00Z`) / 1000;
  return {
    summaryId: `${userId}-${spec.calendarDate}`,
    calendarDate: spec.calendarDate,
    startTimeInSeconds: localMidnightS - offset,
    startTimeOffsetInSeconds: offset,
    durationInSeconds: 86_400,
    steps: spec.steps ?? 9000,
    restingHeartRateInBeatsPerMinute: spec.restingHeartRateInBeatsPerMinute ?? 52,
    averageHeartRateInBeatsPerMinute: spec.averageHeartRateInBeatsPerMinute ?? 68,
    maxHeartRateInBeatsPerMinute: spec.maxHeartRateInBeatsPerMinute ?? 165,
    averageStressLevel: spec.averageStressLevel ?? 30,
  };
}

export function buildDailiesPush(user: UserToken, dailies: readonly DailySummaryFields[]) {
  return { dailies: dailies.map((daily) => ({ ...user, ...daily })) };
}

function summaryPayload(user: UserToken, summary: GarminActivitySummaryFields): ActivitySummaryPayload {
  return { ...user, ...summary };
}

/**
 * Garmin's activity type for one of weekwise's sports, as a FIT file records it. Transition legs have no
 * documented public name; `TRANSITION` is the emulator's guess.
 */
export function activityTypeFor(sport: Sport, subSport: string | null): string {
  switch (sport) {
    case 'running':
      return RUNNING_TYPES[subSport ?? ''] ?? 'RUNNING';
    case 'cycling':
      return CYCLING_TYPES[subSport ?? ''] ?? 'CYCLING';
    case 'swimming':
      return subSport === 'open_water' ? 'OPEN_WATER_SWIMMING' : 'LAP_SWIMMING';
    case 'walking':
      return 'WALKING';
    case 'hiking':
      return 'HIKING';
    case 'strength':
      return 'STRENGTH_TRAINING';
    case 'mobility':
      return subSport === 'yoga' ? 'YOGA' : subSport === 'pilates' ? 'PILATES' : 'FLEXIBILITY_TRAINING';
    case 'multisport':
      return 'MULTI_SPORT';
    case 'transition':
      return 'TRANSITION';
    default:
      return 'OTHER';
  }
}

const RUNNING_TYPES: Readonly<Record<string, string>> = {
  trail: 'TRAIL_RUNNING',
  treadmill: 'TREADMILL_RUNNING',
  track: 'TRACK_RUNNING',
  virtual: 'VIRTUAL_RUN',
};

const CYCLING_TYPES: Readonly<Record<string, string>> = {
  indoor_cycling: 'INDOOR_CYCLING',
  virtual: 'VIRTUAL_RIDE',
  mountain: 'MOUNTAIN_BIKING',
  road: 'ROAD_BIKING',
  gravel_cycling: 'GRAVEL_CYCLING',
};
