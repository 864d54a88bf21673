import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GarminHarness, startGarminHarness } from '../support/garmin-harness.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable, redisAvailable } from '../support/services.ts';

const run = promisify(execFile);
const servicesUp = (await postgresAvailable()) && (await redisAvailable());

/** Each way a secret could be written out: as it is, in base64, or in hex. */
function spellings(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
}

/**
 * issue 8: what a stolen backup shows. A Strava runner and a Garmin runner connect through the emulators;
 * `pg_dump` of the database (the real binary) holds their links, but none of the tokens Strava and Garmin
 * issued, nor the app's secrets: tokens are stored encrypted (AES-256-GCM) with a key that is not in the
 * database.
 */
describe.skipIf(!servicesUp)('a database dump', () => {
  const stack = useScratchStack({ redis: true });
  let harness: GarminHarness;

  beforeAll(async () => {
    harness = await startGarminHarness(stack, { strava: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('holds the links but no token or secret', async () => {
    harness.strava!.addAthlete({ id: 88_001 });
    const garminUser = harness.garmin.addUser();
    expect((await harness.connect('strava', 'dump-strava@weekwise.test', 88_001)).page).toContain(
      'Strava is connected',
    );
    expect((await harness.connect('garmin', 'dump-garmin@weekwise.test', garminUser.userId)).page).toContain(
      'Garmin is connected',
    );
    await harness.waitForIdle();

    const { stdout: dump } = await run('pg_dump', ['--data-only', '--inserts', stack.databaseUrl], {
      maxBuffer: 256 * 1024 * 1024,
    });
    // The dump can fail this test: the links are in it, with their (encrypted) token columns filled.
    expect(dump).toContain('dump-strava@weekwise.test');
    expect(dump).toContain("'88001'");
    expect(dump).toContain(`'${garminUser.userId}'`);
    const { rows } = await stack.database.pool.query<{ filled: number }>(
      'SELECT count(*)::int AS filled FROM provider_connection WHERE access_token_enc IS NOT NULL AND refresh_token_enc IS NOT NULL',
    );
    expect(rows[0]?.filled).toBe(2);

    const strava = harness.strava!.tokensOf(88_001);
    const secrets = [
      ...(strava.refreshToken ? [strava.refreshToken] : []),
      ...strava.accessTokens,
      ...harness.garmin.tokensOf(garminUser.userId),
      harness.config.strava!.clientSecret,
      harness.config.garmin!.clientSecret,
      stack.config.encryptionKey!.toString('base64'),
      stack.config.encryptionKey!.toString('hex'),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const found = secrets.flatMap(spellings).filter((spelling) => dump.includes(spelling));
    expect(found).toEqual([]);
  });
});
