/**
 * Garmin bodies for unit tests. WRITTEN BY HAND, NOT RECORDED: Garmin publishes no payload samples, so
 * these follow the field names of its public Activity and Health API tables (../shared/docs/PROVIDERS.md),
 * as the emulator does (test/emulators/garmin/garmin-payloads.ts).
 */
export function garminSummaryJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userId: '4aacafe8-2427-4c25-9f9c-9592d0c06768',
    userAccessToken: 'not-a-real-token',
    summaryId: '21000000042',
    activityId: 21000000042,
    activityName: 'Lunch Run',
    activityType: 'RUNNING',
    startTimeInSeconds: 1_784_180_000,
    startTimeOffsetInSeconds: 7200,
    durationInSeconds: 3105,
    distanceInMeters: 10012.4,
    averageHeartRateInBeatsPerMinute: 148,
    maxHeartRateInBeatsPerMinute: 171,
    averageSpeedInMetersPerSecond: 3.22,
    deviceName: 'Forerunner 965',
    manual: false,
    ...overrides,
  };
}

/** ~1 Hz samples from the start, as Garmin's activity details carry them. */
export function garminSamples(
  startS: number,
  count: number,
  sample: (second: number) => Record<string, unknown> = (second) => ({
    heartRate: 120 + (second % 30),
    speedMetersPerSecond: 3.1,
    totalDistanceInMeters: second * 3.1,
    elevationInMeters: 40,
    stepsPerMinute: 172,
  }),
): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, second) => ({
    startTimeInSeconds: startS + second,
    timerDurationInSeconds: second,
    clockDurationInSeconds: second,
    ...sample(second),
  }));
}
