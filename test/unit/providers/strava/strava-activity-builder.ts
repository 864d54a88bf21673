/**
 * A Strava SummaryActivity as JSON, written for tests with the fields and spelling of the real ones
 * (see ../shared/fixtures/api/strava); `overrides` replace or remove (undefined) fields.
 */
export function stravaActivityJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    resource_state: 2,
    athlete: { id: 26462176, resource_state: 1 },
    name: 'Morning Run',
    distance: 10012.4,
    moving_time: 3010,
    elapsed_time: 3105,
    total_elevation_gain: 42.0,
    type: 'Run',
    sport_type: 'Run',
    workout_type: 0,
    id: 15000000001,
    start_date: '2026-07-14T05:30:00Z',
    start_date_local: '2026-07-14T07:30:00Z',
    timezone: '(GMT+01:00) Europe/Paris',
    utc_offset: 7200.0,
    trainer: false,
    commute: false,
    manual: false,
    private: false,
    visibility: 'everyone',
    has_heartrate: true,
    average_heartrate: 148.3,
    max_heartrate: 171.0,
    device_name: 'Garmin Forerunner 265',
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete json[key];
    else json[key] = value;
  }
  return json;
}
