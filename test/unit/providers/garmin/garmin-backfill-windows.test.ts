import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKFILL_WINDOW_S,
  garminBackfillWindows,
} from '../../../../src/providers/garmin/garmin-backfill.ts';
import { describeMissingGarminPermissions } from '../../../../src/providers/garmin/garmin-permissions.ts';

describe('garminBackfillWindows', () => {
  it('covers the days asked for in windows of at most 30 days, newest first, back to back', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2015-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 5 * 366 }),
        (now, days) => {
          const windows = garminBackfillWindows(now, days);
          const nowS = Math.floor(now.getTime() / 1000);
          expect(windows[0]!.endS).toBeLessThanOrEqual(nowS);
          expect(nowS - windows[0]!.endS).toBeLessThan(3600);
          expect(windows.at(-1)!.startS).toBeLessThanOrEqual(windows[0]!.endS - days * 86_400);
          for (const [index, window] of windows.entries()) {
            expect(window.endS - window.startS).toBeGreaterThan(0);
            expect(window.endS - window.startS).toBeLessThanOrEqual(BACKFILL_WINDOW_S);
            expect(window.startS % BACKFILL_WINDOW_S).toBe(0);
            if (index > 0) expect(window.endS).toBe(windows[index - 1]!.startS);
          }
        },
      ),
    );
  });

  it('asks the very same windows again within the hour, and only a new newest one later', () => {
    const now = new Date('2026-11-22T09:10:00Z');
    const again = garminBackfillWindows(new Date('2026-11-22T09:59:59Z'), 365);
    expect(again).toEqual(garminBackfillWindows(now, 365));
    const tomorrow = garminBackfillWindows(new Date('2026-11-23T09:10:00Z'), 365);
    expect(tomorrow.slice(1)).toEqual(garminBackfillWindows(now, 365).slice(1));
    expect(tomorrow[0]!.endS - garminBackfillWindows(now, 365)[0]!.endS).toBe(86_400);
  });
});

describe('describeMissingGarminPermissions', () => {
  it('blocks without activities, warns without health stats', () => {
    expect(describeMissingGarminPermissions(['HEALTH_EXPORT']).blocking).toMatch(/Activities/);
    expect(describeMissingGarminPermissions(['ACTIVITY_EXPORT'])).toMatchObject({
      blocking: null,
      warning: expect.stringMatching(/resting heart rate/),
    });
    expect(describeMissingGarminPermissions(['ACTIVITY_EXPORT', 'HEALTH_EXPORT'])).toEqual({
      blocking: null,
      warning: null,
    });
  });
});
