import { parseArgs } from 'node:util';
import { StravaEmulator } from './strava-emulator.ts';

/**
 * Runs the Strava emulator by hand, e.g. to point a local weekwise at it:
 *   npm run emulator:strava -- --port 4100 --activities 60
 * Flags win over environment variables (STRAVA_EMULATOR_PORT, STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET,
 * STRAVA_EMULATOR_SEED, STRAVA_EMULATOR_ACTIVITIES). A demo athlete is seeded and signed in, so opening
 * weekwise's "connect Strava" link in a browser goes straight through the consent screen.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.STRAVA_EMULATOR_PORT ?? '4100' },
    'client-id': { type: 'string', default: process.env.STRAVA_CLIENT_ID ?? '12345' },
    'client-secret': { type: 'string', default: process.env.STRAVA_CLIENT_SECRET ?? 'emulator-secret' },
    seed: { type: 'string', default: process.env.STRAVA_EMULATOR_SEED ?? '1' },
    activities: { type: 'string', default: process.env.STRAVA_EMULATOR_ACTIVITIES ?? '40' },
    'read-limit': { type: 'string', description: 'read requests per 15 minutes (default 100)' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: npm run emulator:strava -- [--port 4100] [--client-id 12345] [--client-secret emulator-secret]\n' +
      '                                  [--seed 1] [--activities 40] [--read-limit 100]',
  );
  process.exit(0);
}

const emulator = new StravaEmulator({
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  port: Number(values.port),
  seed: Number(values.seed),
  ...(values['read-limit'] ? { limits: { read: { fifteenMinutes: Number(values['read-limit']) } } } : {}),
});
const urls = await emulator.start();
const athlete = emulator.addAthlete({ firstname: 'Demo', lastname: 'Runner' });
const activities = emulator.addActivities(athlete.id, Number(values.activities));
emulator.signIn(athlete.id);

console.log(`Strava emulator listening
  STRAVA_OAUTH_BASE_URL=${urls.oauthBaseUrl}
  STRAVA_API_BASE_URL=${urls.apiBaseUrl}
  STRAVA_CLIENT_ID=${values['client-id']}
  STRAVA_CLIENT_SECRET=${values['client-secret']}
  STRAVA_WEBHOOK_VERIFY_TOKEN=(any 8+ characters; the emulator does not check it)
  control: ${urls.controlUrl} (GET /stats, POST /clock, POST /athletes, POST /faults, ...)
  demo athlete ${athlete.id} (${athlete.firstname} ${athlete.lastname}), signed in, ${activities.length} activities`);

const shutDown = async () => {
  await emulator.stop();
  process.exit(0);
};
process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
