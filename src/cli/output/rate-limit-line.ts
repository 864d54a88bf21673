import type { RateLimitSnapshot, WindowState } from '../../providers/rate-limit/rate-limit-governor.ts';

/**
 * One line of what is left of a provider's app-wide limits, e.g.
 * "Strava reads: 96/100 this 15 min (resets 08:15 UTC), 412/1000 today".
 */
export function describeRateLimits(snapshot: RateLimitSnapshot): string {
  const name = snapshot.provider.charAt(0).toUpperCase() + snapshot.provider.slice(1);
  const window = (state: WindowState) => `${state.used}/${state.limit}`;
  const quarter = snapshot.read.fifteenMinutes;
  const resets = quarter.resetsAt.toISOString().slice(11, 16);
  return (
    `${name} reads: ${window(quarter)} this 15 min (resets ${resets} UTC), ${window(snapshot.read.daily)} today; ` +
    `all requests: ${window(snapshot.overall.fifteenMinutes)}, ${window(snapshot.overall.daily)} today`
  );
}
