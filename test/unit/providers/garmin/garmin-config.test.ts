import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../config/config.ts';

describe('Garmin settings', () => {
  it('offers no Garmin until an app is configured, then Garmin’s real addresses by default', () => {
    expect(loadConfig({}).garmin).toBeNull();
    expect(loadConfig({ GARMIN_CLIENT_ID: 'id', GARMIN_CLIENT_SECRET: 'secret' }).garmin).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      oauthConfirmUrl: 'https://connect.garmin.com/oauth2Confirm',
      tokenUrl: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
      apiBaseUrl: 'https://apis.garmin.com/wellness-api/rest',
      backfillDays: 365,
    });
  });

  it('reads the emulator’s addresses and a history depth, without a trailing slash on the API', () => {
    const garmin = loadConfig({
      GARMIN_CLIENT_ID: 'id',
      GARMIN_CLIENT_SECRET: 'secret',
      GARMIN_API_BASE_URL: 'http://127.0.0.1:8790/wellness-api/rest/',
      GARMIN_BACKFILL_DAYS: '90',
    }).garmin;
    expect(garmin).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:8790/wellness-api/rest', backfillDays: 90 });
  });

  it('refuses half a configuration and a history depth of nothing', () => {
    expect(() => loadConfig({ GARMIN_CLIENT_ID: 'id' })).toThrow(ConfigError);
    expect(() => loadConfig({ GARMIN_CLIENT_ID: 'id' })).toThrow(
      /needs both GARMIN_CLIENT_ID and GARMIN_CLIENT_SECRET/,
    );
    expect(() =>
      loadConfig({ GARMIN_CLIENT_ID: 'id', GARMIN_CLIENT_SECRET: 's', GARMIN_BACKFILL_DAYS: '0' }),
    ).toThrow(/GARMIN_BACKFILL_DAYS/);
  });
});
