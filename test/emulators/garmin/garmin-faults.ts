import { seededRandom } from '../../support/seeded-random.ts';

export interface FaultSettings {
  /** Share of API, token and file calls answered 500 (0 to 1). */
  serverErrorRate: number;
  /** Share of those calls that hang, as a stalled Garmin server does, until the caller gives up. */
  timeoutRate: number;
  /** How long a hanging call stalls (real milliseconds) before it is answered 504. */
  hangMs: number;
  /** Share of those calls refused 429, as Garmin does past an app's call quota. */
  rateLimitedRate: number;
}

export type Fault = 'server_error' | 'timeout' | 'rate_limited' | null;

/**
 * Seeded fault injection: the same seed and the same calls give the same faults, so a test that fails
 * under faults fails again the same way.
 */
export class GarminFaults {
  private settings: FaultSettings = {
    serverErrorRate: 0,
    timeoutRate: 0,
    hangMs: 60_000,
    rateLimitedRate: 0,
  };
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  set(settings: Partial<FaultSettings>): void {
    const next = { ...this.settings, ...settings };
    for (const rate of [next.serverErrorRate, next.timeoutRate, next.rateLimitedRate]) {
      if (!(rate >= 0 && rate <= 1))
        throw new Error(`Garmin emulator: a fault rate is between 0 and 1, got ${rate}`);
    }
    this.settings = next;
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  /** Draws the fault (if any) for one call. */
  draw(): Fault {
    const { serverErrorRate, timeoutRate, rateLimitedRate } = this.settings;
    if (serverErrorRate === 0 && timeoutRate === 0 && rateLimitedRate === 0) return null;
    const roll = this.random();
    if (roll < serverErrorRate) return 'server_error';
    if (roll < serverErrorRate + timeoutRate) return 'timeout';
    if (roll < serverErrorRate + timeoutRate + rateLimitedRate) return 'rate_limited';
    return null;
  }
}
