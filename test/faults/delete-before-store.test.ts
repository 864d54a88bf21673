import { describe, expect, it } from 'vitest';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { saveConnection } from '../../src/providers/connections/connection.store.ts';
import { insertProviderEvent } from '../../src/providers/provider-event.store.ts';
import { storeStravaActivities } from '../../src/providers/strava/store-strava-activities.ts';
import { TokenCipher } from '../../src/security/token-cipher.ts';
import { summaryActivityPayload } from '../emulators/strava/activity-payloads.ts';
import { StravaEmulator } from '../emulators/strava/strava-emulator.ts';
import { loadStravaTemplates } from '../emulators/strava/strava-fixture-templates.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable } from '../support/services.ts';
import { silentLogger } from '../support/test-logger.ts';

const ready = await postgresAvailable();

/**
 * The race the fault suite found, replayed step by step: a backfill page lists an activity, the runner
 * deletes it on Strava, its delete event is processed while the page is still being stored (nothing to
 * remove yet), then the page is stored. The delete event in the inbox must keep the activity out.
 */
describe.skipIf(!ready)('a Strava activity deleted while its listing was in flight', () => {
  const stack = useScratchStack();

  it('is not stored once its delete event is in the inbox', async () => {
    const emulator = new StravaEmulator({ clientId: '1', clientSecret: 'secret' });
    emulator.addAthlete({ id: 31 });
    const [kept, deleted] = emulator.addActivities(31, 2);
    const templates = loadStravaTemplates();
    const listing = [kept!, deleted!].map((activity) => summaryActivityPayload(templates, activity));

    const athlete = await findOrCreateAthlete(stack.database.prisma, 'deleted-meanwhile@faults.test');
    const connection = await saveConnection(
      stack.database.pool,
      new TokenCipher(stack.config.encryptionKey!),
      {
        athleteId: athlete.id,
        provider: 'strava',
        externalAthleteId: '31',
        tokens: {
          accessToken: 'access',
          refreshToken: 'refresh',
          expiresAt: new Date(Date.now() + 3600_000),
        },
        grantedScopes: ['read', 'activity:read_all'],
      },
    );
    // As `weekwise serve` stores Strava's event (the job that processes it found nothing to remove).
    await insertProviderEvent(stack.database.pool, {
      provider: 'strava',
      kind: 'activity:delete',
      dedupeKey: `activity:${deleted!.id}:delete`,
      payload: { object_type: 'activity', object_id: deleted!.id, aspect_type: 'delete', owner_id: 31 },
    });

    const stored = await storeStravaActivities(stack.database, connection, listing, silentLogger);

    expect(stored.map((activity) => activity.stravaActivityId)).toEqual([String(kept!.id)]);
    const { rows } = await stack.database.pool.query<{ externalId: string }>(
      `SELECT external_id AS "externalId" FROM activity_source WHERE provider = 'strava'`,
    );
    expect(rows).toEqual([{ externalId: String(kept!.id) }]);
  });
});
