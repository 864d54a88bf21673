import { describe, expect, it } from 'vitest';
import {
  FIRST_CALENDAR_TIME_MS,
  isDeviceRelativeTime,
  isInTheFuture,
  readUtcOffsetSeconds,
} from '../../../src/fit/fit-time.ts';

const utc = new Date('2020-09-19T09:01:39Z');
const shifted = (seconds: number) => new Date(utc.getTime() + seconds * 1000);

describe('readUtcOffsetSeconds', () => {
  it('is local_timestamp minus timestamp', () => {
    expect(readUtcOffsetSeconds({ timestamp: utc, local_timestamp: shifted(7200) })).toBe(7200);
    expect(readUtcOffsetSeconds({ timestamp: utc, local_timestamp: shifted(-18000) })).toBe(-18000);
    expect(readUtcOffsetSeconds({ timestamp: utc, local_timestamp: shifted(20700) })).toBe(20700); // +05:45, Nepal
  });

  it('rounds to the quarter hour (fenix 3 HR writes a local time 47 s off)', () => {
    expect(readUtcOffsetSeconds({ timestamp: utc, local_timestamp: shifted(10753) })).toBe(10800);
    expect(readUtcOffsetSeconds({ timestamp: utc, local_timestamp: shifted(30) })).toBe(0);
  });

  it('is null when absent or beyond ±14 h (Zwift writes 1989-12-31)', () => {
    expect(readUtcOffsetSeconds({ timestamp: utc })).toBeNull();
    expect(readUtcOffsetSeconds(undefined)).toBeNull();
    expect(
      readUtcOffsetSeconds({ timestamp: utc, local_timestamp: new Date('1989-12-31T00:00:00Z') }),
    ).toBeNull();
    expect(readUtcOffsetSeconds({ timestamp: utc, local_timestamp: shifted(15 * 3600) })).toBeNull();
  });
});

describe('timestamp plausibility', () => {
  it('treats FIT times below 0x10000000 as device time since power-on', () => {
    expect(isDeviceRelativeTime(Date.parse('1990-07-18T06:44:24Z'))).toBe(true);
    expect(isDeviceRelativeTime(FIRST_CALENDAR_TIME_MS)).toBe(false);
    expect(isDeviceRelativeTime(Date.parse('2013-02-06T12:11:14Z'))).toBe(false);
  });

  it('rejects times more than two days ahead of now', () => {
    const now = Date.parse('2026-08-01T00:00:00Z');
    expect(isInTheFuture(now + 86_400_000, now)).toBe(false);
    expect(isInTheFuture(Date.parse('2085-12-21T16:46:58Z'), now)).toBe(true);
  });
});
