/**
 * Every wait the emulator starts (retry backoff, backfill delay, a simulated hang) goes through here, so
 * `stop()` can end them all at once: a test that stops the emulator must not leave timers firing into the
 * next test.
 */
export class PendingTimers {
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  /** Resolves true after `milliseconds`, or false as soon as the timers are cancelled. */
  sleep(milliseconds: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve(true);
      }, milliseconds);
      this.waits.set(timer, () => resolve(false));
    });
  }

  get cancelled(): boolean {
    return this.stopped;
  }

  cancelAll(): void {
    this.stopped = true;
    for (const [timer, wake] of this.waits) {
      clearTimeout(timer);
      wake();
    }
    this.waits.clear();
  }
}
