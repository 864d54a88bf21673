import { type FitMessage, readTime } from './fit-message.ts';
import { formatInstant, isDeviceRelativeTime } from './fit-time.ts';

/**
 * A watch whose clock was never set writes times counted from power-on (they decode to 1990–1998). When
 * its `activity` message also carries a real local time (the FR70 does), the activity is placed by that
 * local time, its UTC offset then unknown; otherwise it is imported as recorded. Either way with a warning.
 * Returns the shift to add to every time.
 */
export function placeUnsetClock(
  firstStartMs: number,
  activity: FitMessage | undefined,
  warnings: string[],
): number {
  if (!isDeviceRelativeTime(firstStartMs)) return 0;
  const deviceTime = readTime(activity, 'timestamp');
  const localTime = readTime(activity, 'local_timestamp');
  const recorded = formatInstant(firstStartMs);
  const placeable =
    !Number.isNaN(deviceTime) &&
    isDeviceRelativeTime(deviceTime) &&
    !Number.isNaN(localTime) &&
    !isDeviceRelativeTime(localTime);
  if (!placeable) {
    warnings.push(
      `the device clock was not set (times count from power-on): the start time ${recorded} is not the real date`,
    );
    return 0;
  }
  const shiftMs = localTime - deviceTime;
  const localStart = formatInstant(firstStartMs + shiftMs).slice(0, 19);
  warnings.push(
    `the device clock was not set (times count from power-on: ${recorded}); the activity was placed by the local time ` +
      `of its activity message, starting ${localStart} local time (UTC offset unknown)`,
  );
  return shiftMs;
}
