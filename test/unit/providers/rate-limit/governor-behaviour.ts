import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  RateLimitGovernor,
  RateLimitGovernorOptions,
  RateLimitObservation,
  RateLimits,
  RequestClass,
} from '../../../../src/providers/rate-limit/rate-limit-governor.ts';
import { windowAt } from '../../../../src/providers/rate-limit/rate-limit-windows.ts';

/**
 * One behaviour table for every RateLimitGovernor: the memory one (unit tests) and the Redis one
 * (integration tests) must answer alike. `create` returns a governor with no history.
 */
export type CreateGovernor = (
  options: RateLimitGovernorOptions,
) => Promise<RateLimitGovernor> | RateLimitGovernor;

const LIMITS: RateLimits = {
  overall: { fifteenMinutes: 6, daily: 20 },
  read: { fifteenMinutes: 4, daily: 10 },
};
const at = (iso: string) => new Date(iso);

/** Tries `attempts` reservations one after the other; how many were granted. */
export async function grants(
  governor: RateLimitGovernor,
  requestClass: RequestClass,
  now: Date,
  attempts: number,
) {
  let granted = 0;
  for (let index = 0; index < attempts; index++) {
    if ((await governor.reserve(requestClass, now)).granted) granted++;
  }
  return granted;
}

function headers(
  parts: Partial<{
    limits: Partial<RateLimitObservation['limits']>;
    usage: Partial<RateLimitObservation['usage']>;
  }>,
): RateLimitObservation {
  return {
    limits: { overall: null, read: null, ...parts.limits },
    usage: { overall: null, read: null, ...parts.usage },
  };
}

export function describeGovernorBehaviour(name: string, create: CreateGovernor, propertyRuns = 60): void {
  const fresh = (assumedLimits: RateLimits = LIMITS) => create({ provider: 'strava', assumedLimits });

  describe(`${name}: shared rate-limit behaviour`, () => {
    it('grants exactly the read limit of a window, then refuses until the next quarter hour', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:03:20Z');
      expect(await grants(governor, 'read', now, 4)).toBe(4);
      expect(await governor.reserve('read', now)).toEqual({
        granted: false,
        retryAt: at('2026-07-14T10:15:00Z'),
        reason: 'read limit 4/15 min reached',
      });
      expect((await governor.reserve('read', at('2026-07-14T10:14:59.999Z'))).granted).toBe(false);
      expect(await grants(governor, 'read', at('2026-07-14T10:15:00.000Z'), 5)).toBe(4);
    });

    it('counts reads against both limits and writes against the overall ones only', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:20:00Z');
      expect(await grants(governor, 'read', now, 4)).toBe(4);
      // The read window is spent, the overall one has 2 slots left: for writes.
      expect(await grants(governor, 'write', now, 3)).toBe(2);
      expect(await governor.reserve('write', now)).toMatchObject({
        granted: false,
        retryAt: at('2026-07-14T10:30:00Z'),
        reason: 'overall limit 6/15 min reached',
      });
      expect(await governor.reserve('read', now)).toMatchObject({
        granted: false,
        retryAt: at('2026-07-14T10:30:00Z'),
      });
    });

    it('lets the daily limit bind across windows, retrying at the next UTC midnight', async () => {
      const governor = await fresh();
      expect(await grants(governor, 'read', at('2026-07-14T22:00:00Z'), 4)).toBe(4);
      expect(await grants(governor, 'read', at('2026-07-14T22:15:00Z'), 4)).toBe(4);
      expect(await grants(governor, 'read', at('2026-07-14T23:50:00Z'), 4)).toBe(2);
      expect(await governor.reserve('read', at('2026-07-14T23:50:00Z'))).toEqual({
        granted: false,
        retryAt: at('2026-07-15T00:00:00Z'),
        reason: 'read limit 10/day reached',
      });
      // A quarter hour later the 15-minute window has room, but the day does not.
      expect(await governor.reserve('read', at('2026-07-14T23:59:59.999Z'))).toMatchObject({
        granted: false,
        retryAt: at('2026-07-15T00:00:00Z'),
      });
      // Writes still have overall room (10 of 20 used today).
      expect((await governor.reserve('write', at('2026-07-14T23:55:00Z'))).granted).toBe(true);
      expect(await grants(governor, 'read', at('2026-07-15T00:00:00Z'), 5)).toBe(4);
    });

    it('learns lower and higher limits from the headers', async () => {
      const lower = await fresh();
      const now = at('2026-07-14T10:05:00Z');
      expect((await lower.reserve('read', now)).granted).toBe(true);
      await lower.observe(
        headers({
          limits: { overall: { fifteenMinutes: 3, daily: 30 }, read: { fifteenMinutes: 2, daily: 20 } },
          usage: { overall: { fifteenMinutes: 1, daily: 1 }, read: { fifteenMinutes: 1, daily: 1 } },
        }),
        now,
        200,
      );
      expect(await grants(lower, 'read', now, 5)).toBe(1);
      expect((await lower.snapshot(now)).read.fifteenMinutes).toEqual({
        used: 2,
        limit: 2,
        resetsAt: at('2026-07-14T10:15:00Z'),
      });

      const higher = await fresh();
      expect((await higher.reserve('read', now)).granted).toBe(true);
      await higher.observe(
        headers({
          limits: { overall: { fifteenMinutes: 600, daily: 6000 }, read: { fifteenMinutes: 8, daily: 80 } },
        }),
        now,
        200,
      );
      expect(await grants(higher, 'read', now, 10)).toBe(7);
    });

    it('grants less when the headers show more usage than was counted here', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:05:00Z');
      expect((await governor.reserve('read', now)).granted).toBe(true);
      const usage = { fifteenMinutes: 3, daily: 3 };
      await governor.observe(headers({ usage: { overall: usage, read: usage } }), now, 200);
      expect(await grants(governor, 'read', now, 4)).toBe(1);
    });

    it('never lowers the usage of a window', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:05:00Z');
      expect(await grants(governor, 'read', now, 3)).toBe(3);
      const usage = { fifteenMinutes: 1, daily: 1 };
      await governor.observe(headers({ usage: { overall: usage, read: usage } }), now, 200);
      expect(await grants(governor, 'read', now, 4)).toBe(1);
    });

    it('after a 429 without headers grants nothing until the next window', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:05:00Z');
      expect((await governor.reserve('write', now)).granted).toBe(true);
      await governor.observe(null, now, 429);
      expect(await governor.reserve('write', now)).toMatchObject({
        granted: false,
        retryAt: at('2026-07-14T10:15:00Z'),
      });
      expect((await governor.reserve('read', at('2026-07-14T10:14:00Z'))).granted).toBe(false);
      expect(await grants(governor, 'read', at('2026-07-14T10:15:00Z'), 5)).toBe(4);
    });

    it('after a 429 whose headers show the day spent grants nothing until midnight', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:05:00Z');
      expect((await governor.reserve('read', now)).granted).toBe(true);
      await governor.observe(
        headers({
          limits: { overall: { fifteenMinutes: 6, daily: 20 } },
          usage: { overall: { fifteenMinutes: 2, daily: 20 } },
        }),
        now,
        429,
      );
      expect(await governor.reserve('read', at('2026-07-14T18:00:00Z'))).toEqual({
        granted: false,
        retryAt: at('2026-07-15T00:00:00Z'),
        reason: 'overall limit 20/day reached',
      });
    });

    it('does not let an answer to a request of the window just ended fill the new one', async () => {
      const governor = await fresh();
      expect(await grants(governor, 'read', at('2026-07-14T10:14:59Z'), 4)).toBe(4);
      const oldWindow = { fifteenMinutes: 4, daily: 4 };
      // The last request left at 10:14:59; its answer (usage 4: the old window) arrives after the turn.
      await governor.observe(
        headers({ usage: { overall: oldWindow, read: oldWindow } }),
        at('2026-07-14T10:15:00.400Z'),
        200,
      );
      expect(await grants(governor, 'read', at('2026-07-14T10:15:01Z'), 5)).toBe(4);
    });

    it('trusts the headers once the turn is long past, even when they repeat the old count', async () => {
      const governor = await fresh();
      expect(await grants(governor, 'read', at('2026-07-14T10:14:59Z'), 4)).toBe(4);
      const usage = { fifteenMinutes: 4, daily: 8 };
      // Four minutes into the new window: another client of the same app used it.
      await governor.observe(
        headers({ usage: { overall: usage, read: usage } }),
        at('2026-07-14T10:19:00Z'),
        200,
      );
      expect(await governor.reserve('read', at('2026-07-14T10:19:00Z'))).toMatchObject({ granted: false });
    });

    it('shows each window’s use, limit and reset in its snapshot', async () => {
      const governor = await fresh();
      const now = at('2026-07-14T10:05:00Z');
      await grants(governor, 'read', now, 3);
      await grants(governor, 'write', now, 1);
      expect(await governor.snapshot(now)).toEqual({
        provider: 'strava',
        overall: {
          fifteenMinutes: { used: 4, limit: 6, resetsAt: at('2026-07-14T10:15:00Z') },
          daily: { used: 4, limit: 20, resetsAt: at('2026-07-15T00:00:00Z') },
        },
        read: {
          fifteenMinutes: { used: 3, limit: 4, resetsAt: at('2026-07-14T10:15:00Z') },
          daily: { used: 3, limit: 10, resetsAt: at('2026-07-15T00:00:00Z') },
        },
      });
      expect((await governor.snapshot(at('2026-07-14T10:15:00Z'))).overall.fifteenMinutes.used).toBe(0);
    });

    it('against a provider that reports its counts, is never refused and never refuses while there is room', async () => {
      const step = fc.record({
        advanceMs: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: 20 * 60_000 }),
          fc.integer({ min: 0, max: 6 * 3600_000 }),
        ),
        requestClass: fc.constantFrom<RequestClass>('read', 'read', 'write'),
      });
      const limit = fc.integer({ min: 1, max: 6 });
      await fc.assert(
        fc.asyncProperty(
          fc.record({ fifteenMinutes: limit, daily: fc.integer({ min: 1, max: 15 }) }),
          fc.record({ fifteenMinutes: limit, daily: fc.integer({ min: 1, max: 15 }) }),
          fc.array(step, { minLength: 1, maxLength: 60 }),
          fc.integer({ min: 0, max: 86_400_000 }),
          async (overall, read, steps, startOffsetMs) => {
            const provider = new ProviderModel({ overall, read });
            // The governor starts from wrong assumptions and must learn from the first answer.
            const governor = await fresh({
              overall: { fifteenMinutes: 5, daily: 50 },
              read: { fifteenMinutes: 3, daily: 30 },
            });
            let now = Date.parse('2026-07-14T00:00:00Z') + startOffsetMs;
            let answered = false;
            for (const { advanceMs, requestClass } of steps) {
              now += advanceMs;
              const instant = new Date(now);
              const reservation = await governor.reserve(requestClass, instant);
              if (reservation.granted) {
                const answer = provider.request(requestClass, instant);
                expect(answer.status).toBe(200);
                await governor.observe(answer.observation, instant, answer.status);
                answered = true;
              } else if (answered) {
                // Once it has heard the real limits, a refusal means the provider would refuse too.
                expect(provider.wouldRefuse(requestClass, instant)).toBe(true);
                expect(reservation.retryAt.getTime()).toBeGreaterThan(now);
              }
            }
          },
        ),
        { numRuns: propertyRuns },
      );
    });
  });
}

/** A provider that counts like Strava: per app, in UTC windows, reporting its counts in every answer. */
class ProviderModel {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limits: RateLimits) {}

  wouldRefuse(requestClass: RequestClass, now: Date): boolean {
    return this.windows(requestClass, now).some(([key, limit]) => (this.counts.get(key) ?? 0) >= limit);
  }

  request(requestClass: RequestClass, now: Date): { status: number; observation: RateLimitObservation } {
    const refused = this.wouldRefuse(requestClass, now);
    // Refused calls count too.
    for (const [key] of this.windows(requestClass, now))
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const usage = (scope: 'overall' | 'read') => ({
      fifteenMinutes: this.counts.get(this.key(scope, 'fifteenMinutes', now)) ?? 0,
      daily: this.counts.get(this.key(scope, 'daily', now)) ?? 0,
    });
    return {
      status: refused ? 429 : 200,
      observation: { limits: this.limits, usage: { overall: usage('overall'), read: usage('read') } },
    };
  }

  private windows(requestClass: RequestClass, now: Date): Array<[string, number]> {
    const scopes = requestClass === 'read' ? (['overall', 'read'] as const) : (['overall'] as const);
    return scopes.flatMap((scope) =>
      (['fifteenMinutes', 'daily'] as const).map((kind): [string, number] => [
        this.key(scope, kind, now),
        this.limits[scope][kind],
      ]),
    );
  }

  private key(scope: string, kind: 'fifteenMinutes' | 'daily', now: Date): string {
    return `${scope}:${kind}:${windowAt(kind, now).start.getTime()}`;
  }
}
