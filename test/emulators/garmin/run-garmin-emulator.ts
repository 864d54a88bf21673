/**
 * Runs the Garmin emulator by hand (npm run emulator:garmin), for poking weekwise's Garmin importer
 * without Garmin: prints the URLs to configure, seeds one signed-in user with activities (real FIT files
 * from ../shared/fixtures/fit when present) and days, and stays up until Ctrl-C.
 *
 *   npm run emulator:garmin -- --port 8790 --notify-base http://127.0.0.1:3000/webhooks/garmin
 *
 * `--notify-base` sends each notification kind to <base>/<kind> (with `?token=<t>` given --notify-token,
 * weekwise's GARMIN_WEBHOOK_TOKEN); or set them later with `PUT /_emulator/notification-urls`. Client
 * credentials: --client-id / --client-secret.
 */
import { parseArgs } from 'node:util';
import { untilSignal } from '../../../src/cli/until-signal.ts';
import { fitFixture, sharedFixturesAvailable } from '../../support/shared-fixtures.ts';
import { GarminEmulator } from './garmin-emulator.ts';
import { NOTIFICATION_KINDS } from './garmin-emulator.types.ts';

const SEEDED_USER_ID = '7f3e2a1c-5b9d-4e8f-a6c2-1d4b8e9f0a3c';
const SEEDED_FIT_FILES = [
  'elevate__trosku.fit',
  'elevate__treadmill.fit',
  'jimmykane-fit-parser__triathlon_summary_first.fit',
];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    'client-id': { type: 'string', default: 'weekwise-dev' },
    'client-secret': { type: 'string', default: 'weekwise-dev-secret' },
    'notify-base': { type: 'string' },
    'notify-token': { type: 'string' },
  },
});

const notifyBase = values['notify-base']?.replace(/\/$/, '');
const notifyQuery = values['notify-token'] ? `?token=${encodeURIComponent(values['notify-token'])}` : '';
const emulator = new GarminEmulator({
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  port: Number(values.port),
  notificationUrls: notifyBase
    ? Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, `${notifyBase}/${kind}${notifyQuery}`]))
    : {},
});
const urls = await emulator.start();

const user = emulator.addUser({ userId: SEEDED_USER_ID });
emulator.signIn(user.userId);
if (sharedFixturesAvailable()) {
  for (const file of SEEDED_FIT_FILES) await emulator.addActivity(user.userId, { fitFile: fitFixture(file) });
}
const now = emulator.clock.now();
for (const daysAgo of [1, 3, 5]) {
  await emulator.addActivity(user.userId, {
    startTime: new Date(now.getTime() - daysAgo * 86_400_000),
    durationInSeconds: 2700,
    distanceInMeters: 8200,
  });
}
emulator.addDailies(
  user.userId,
  [1, 2, 3, 4, 5, 6, 7].map((daysAgo) => ({
    calendarDate: new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10),
    restingHeartRateInBeatsPerMinute: 48 + (daysAgo % 3),
  })),
);

console.log(`Garmin emulator listening on ${urls.baseUrl}
  client id / secret   ${values['client-id']} / ${values['client-secret']}
  oauthConfirmUrl      ${urls.oauthConfirmUrl}
  tokenUrl             ${urls.tokenUrl}
  apiBaseUrl           ${urls.apiBaseUrl}
  control              ${urls.baseUrl}/_emulator (GET lists the routes)
  notifications        ${notifyBase ? `${notifyBase}/<kind>` : 'none yet: PUT /_emulator/notification-urls'}
Seeded user ${user.userId} (signed in: the consent page agrees at once) with
  ${emulator.activitiesOf(user.userId).length} activities and 7 days of dailies.
After connecting, push them with: curl -X POST ${urls.baseUrl}/_emulator/users/${user.userId}/push-activities -H 'content-type: application/json' -d '{}'
Ctrl-C stops.`);

await untilSignal();
await emulator.stop();
