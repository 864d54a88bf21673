/**
 * What the scopes a runner granted on Strava's consent page mean for them. Without activity:read weekwise
 * can read no activity at all; without activity:read_all it misses the runs marked "only me".
 */
export function describeMissingStravaScopes(granted: string[]): {
  blocking: string | null;
  warning: string | null;
} {
  const has = (scope: string) => granted.includes(scope);
  if (!has('activity:read') && !has('activity:read_all')) {
    return {
      blocking:
        'weekwise needs to read your activities, and that permission was not granted. Connect again and ' +
        'keep "View data about your activities" ticked on Strava\'s page.',
      warning: null,
    };
  }
  if (!has('activity:read_all')) {
    return {
      blocking: null,
      warning:
        'Your private ("only me") activities will not be imported: that needs the permission "View data about ' +
        'your private activities". Connect again and tick it if you want them counted in your weeks.',
    };
  }
  return { blocking: null, warning: null };
}
