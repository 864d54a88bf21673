import { seededRandom } from '../../support/seeded-random.ts';

export interface FaultSettings {
  /** Share of API and token calls answered 500, 502 or 503 (0..1). */
  serverErrorRate: number;
  /** Share of API and token calls held without an answer (0..1). */
  timeoutRate: number;
  /** How long a held call waits before a 504; null = until the client gives up (or the emulator stops). */
  timeoutMs: number | null;
}

export type Fault =
  | { kind: 'none' }
  | { kind: 'server-error'; status: 500 | 502 | 503 }
  | { kind: 'timeout'; holdMs: number | null };

const SERVER_ERROR_STATUSES = [500, 502, 503] as const;

/**
 * Seeded, so a failing run replays the same faults. A faulty call is answered before its handler runs: it
 * changes no state (a refresh that fails does not rotate), and it is counted once, like any other request.
 */
export class FaultInjector {
  private settings: FaultSettings = { serverErrorRate: 0, timeoutRate: 0, timeoutMs: null };
  private random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  set(settings: Partial<FaultSettings>): void {
    const next = { ...this.settings, ...settings };
    for (const rate of [next.serverErrorRate, next.timeoutRate]) {
      if (!(rate >= 0 && rate <= 1))
        throw new Error(`Strava emulator: a fault rate must be within 0..1, not ${rate}`);
    }
    if (next.serverErrorRate + next.timeoutRate > 1) {
      throw new Error('Strava emulator: serverErrorRate + timeoutRate cannot exceed 1');
    }
    this.settings = next;
  }

  clear(): void {
    this.settings = { serverErrorRate: 0, timeoutRate: 0, timeoutMs: null };
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  /** Draws the fate of one call. */
  draw(): Fault {
    const { serverErrorRate, timeoutRate, timeoutMs } = this.settings;
    if (serverErrorRate === 0 && timeoutRate === 0) return { kind: 'none' };
    const roll = this.random();
    if (roll < serverErrorRate) {
      const status = SERVER_ERROR_STATUSES[Math.floor(this.random() * SERVER_ERROR_STATUSES.length)]!;
      return { kind: 'server-error', status };
    }
    if (roll < serverErrorRate + timeoutRate) return { kind: 'timeout', holdMs: timeoutMs };
    return { kind: 'none' };
  }
}
