/**
 * Garmin has no OAuth scopes: on its consent screen the runner ticks permissions, which weekwise reads
 * from /user/permissions and keeps as the link's granted scopes. ACTIVITY_EXPORT is what weekwise is
 * for; HEALTH_EXPORT brings the daily resting heart rate that informs recovery.
 */
export const ACTIVITY_EXPORT = 'ACTIVITY_EXPORT';
export const HEALTH_EXPORT = 'HEALTH_EXPORT';

/** Why a link stopped when the runner took ACTIVITY_EXPORT away (also how we recognise it later). */
export const ACTIVITIES_WITHDRAWN_REASON =
  'you no longer let weekwise read your Garmin activities; connect again and keep "Activities" ticked';

export function describeMissingGarminPermissions(granted: readonly string[]): {
  blocking: string | null;
  warning: string | null;
} {
  if (!granted.includes(ACTIVITY_EXPORT)) {
    return {
      blocking:
        'weekwise needs to read your activities, and that permission was not granted. Connect again and ' +
        'keep "Activities" ticked on Garmin\'s page.',
      warning: null,
    };
  }
  if (!granted.includes(HEALTH_EXPORT)) {
    return {
      blocking: null,
      warning:
        'Your daily resting heart rate will not be imported: that needs the "Daily health stats" permission. ' +
        'Connect again and tick it if you want it to inform your recovery.',
    };
  }
  return { blocking: null, warning: null };
}
