import type { Clock } from '../../src/domain/clock.ts';

/**
 * The emulators' notion of "now", shared with weekwise in tests (it is a weekwise Clock). Real time by
 * default; a test can set or advance it to cross token expiries, rate-limit windows and file-URL
 * lifetimes without waiting, or run it faster than real time (`setRate`).
 */
export class EmulatorClock implements Clock {
  /** The clock read `anchorClockMs` when the real clock read `anchorRealMs`; it moves `rate` times as fast. */
  private anchorRealMs = Date.now();
  private anchorClockMs = Date.now();
  private rate = 1;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.anchorClockMs + (Date.now() - this.anchorRealMs) * this.rate;
  }

  nowEpochSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Jumps to `date` and keeps running (at the current rate) from there. */
  set(date: Date): void {
    this.anchorRealMs = Date.now();
    this.anchorClockMs = date.getTime();
  }

  /** Stops the clock at `date` (or now): time moves only when set or advanced. */
  freeze(date: Date = this.now()): void {
    this.set(date);
    this.rate = 0;
  }

  /** Runs `rate` times as fast as real time from now on (0 = frozen, 1 = real time). */
  setRate(rate: number): void {
    this.set(this.now());
    this.rate = rate;
  }

  advance(milliseconds: number): void {
    this.set(new Date(this.nowMs() + milliseconds));
  }

  millisecondsUntil(instant: Date): number {
    const ahead = instant.getTime() - this.nowMs();
    if (ahead <= 0) return 0;
    // A frozen clock never gets there by itself: check again soon, when a test may have advanced it.
    return this.rate > 0 ? Math.ceil(ahead / this.rate) : 50;
  }
}
