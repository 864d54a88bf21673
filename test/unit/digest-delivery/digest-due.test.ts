import { describe, expect, it } from 'vitest';
import { DIGEST_CATCH_UP_MS, dueDigestWeek } from '../../../src/digest-delivery/digest-due.ts';

const paris = { timeZone: 'Europe/Paris', weekStartDay: 1, digestLocalTime: '07:00' };

describe("dueDigestWeek: when a runner's week has closed and its digest is due", () => {
  it('is due at 07:00 local on the week start day, for the week that just ended', () => {
    // Monday 2026-11-16, 07:00 in Paris (UTC+1) is 06:00 UTC.
    expect(dueDigestWeek(paris, new Date('2026-11-16T06:00:00Z'))).toEqual({
      weekStart: '2026-11-09',
      dueAt: new Date('2026-11-16T06:00:00Z'),
    });
    // A minute earlier, the newest due digest is still the previous week's (sent a week ago).
    expect(dueDigestWeek(paris, new Date('2026-11-16T05:59:00Z'))).toBeNull();
  });

  it("follows each runner's zone and week start day", () => {
    const auckland = { timeZone: 'Pacific/Auckland', weekStartDay: 7, digestLocalTime: '18:30' };
    // Sunday 2026-11-15 18:30 in Auckland (UTC+13 in summer) is Sunday 05:30 UTC.
    expect(dueDigestWeek(auckland, new Date('2026-11-15T05:30:00Z'))?.weekStart).toBe('2026-11-08');
    expect(dueDigestWeek(auckland, new Date('2026-11-15T05:29:00Z'))).toBeNull();
    const losAngeles = { timeZone: 'America/Los_Angeles', weekStartDay: 1, digestLocalTime: '07:00' };
    // Monday 07:00 in Los Angeles (UTC−8) is 15:00 UTC: at 10:00 UTC it is not due yet there.
    expect(dueDigestWeek(losAngeles, new Date('2026-11-16T10:00:00Z'))).toBeNull();
    expect(dueDigestWeek(losAngeles, new Date('2026-11-16T15:00:00Z'))?.weekStart).toBe('2026-11-09');
  });

  it('is due at 07:00 wall-clock time across daylight-saving changes', () => {
    // Paris leaves summer time on Sunday 2026-10-25: the Monday after, 07:00 is UTC+1 (06:00 UTC).
    expect(dueDigestWeek(paris, new Date('2026-10-26T06:00:00Z'))).toEqual({
      weekStart: '2026-10-19',
      dueAt: new Date('2026-10-26T06:00:00Z'),
    });
    // It enters summer time on Sunday 2026-03-29: the Monday after, 07:00 is UTC+2 (05:00 UTC).
    expect(dueDigestWeek(paris, new Date('2026-03-30T05:00:00Z'))?.dueAt).toEqual(
      new Date('2026-03-30T05:00:00Z'),
    );
    expect(dueDigestWeek(paris, new Date('2026-03-30T04:59:00Z'))).toBeNull();
  });

  it('catches up after an outage, but not with stale weeks', () => {
    const due = new Date('2026-11-16T06:00:00Z');
    expect(dueDigestWeek(paris, new Date(due.getTime() + DIGEST_CATCH_UP_MS))?.weekStart).toBe('2026-11-09');
    expect(dueDigestWeek(paris, new Date(due.getTime() + DIGEST_CATCH_UP_MS + 60_000))).toBeNull();
  });
});
