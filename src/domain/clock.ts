/**
 * "Now", for code whose behaviour depends on it (rate-limit windows, token expiry, digest schedules).
 * Production uses the system clock; tests pass a clock they drive, sometimes running faster than real
 * time, so a 15-minute rate-limit window can pass in a second.
 */
export interface Clock {
  now(): Date;
  /** Real milliseconds until this clock shows `instant` (0 when it already has). */
  millisecondsUntil(instant: Date): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  millisecondsUntil: (instant) => Math.max(0, instant.getTime() - Date.now()),
};
