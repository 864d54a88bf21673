import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StravaEmulator } from '../emulators/strava/strava-emulator.ts';
import { freePort } from '../support/free-port.ts';
import { type CliProcess, runCli, startCli } from '../support/run-cli.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
} from '../support/services.ts';

const hasPostgres = await postgresAvailable();

/**
 * The Strava commands as a user runs them: `weekwise serve` in one process, `connect`, `sync` and
 * `connections` in others, all against one PostgreSQL server and the Strava emulator. No REDIS_URL: the
 * server runs its jobs in-process and `sync` runs them itself.
 */
describe.skipIf(!hasPostgres)('weekwise connect / sync / connections (CLI, Strava emulator)', () => {
  const emulator = new StravaEmulator({
    clientId: '777',
    clientSecret: 'cli-secret',
    webhookRetryDelayMs: 100,
  });
  const dataDir = createTempDir();
  let scratch: ScratchDatabase;
  let server: CliProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    const urls = await emulator.start();
    scratch = await createScratchDatabase();
    const port = await freePort();
    env = {
      DATABASE_URL: scratch.url,
      WEEKWISE_DATA_DIR: dataDir.path,
      WEEKWISE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      STRAVA_CLIENT_ID: '777',
      STRAVA_CLIENT_SECRET: 'cli-secret',
      STRAVA_WEBHOOK_VERIFY_TOKEN: 'cli-verify-token',
      STRAVA_OAUTH_BASE_URL: urls.oauthBaseUrl,
      STRAVA_API_BASE_URL: urls.apiBaseUrl,
      HTTP_PORT: String(port),
      WEEKWISE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
    };
    expect((await runCli(['db', 'migrate'], env)).code).toBe(0);
    server = startCli(['serve'], env);
    await server.waitForLine(/weekwise is serving/);
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await server?.exited;
    await emulator.stop();
    await scratch?.drop();
    dataDir.remove();
  });

  it('connects a runner, imports their history, syncs new activities and lists the link', async () => {
    const athlete = emulator.addAthlete({ id: 880 });
    const activities = emulator.addActivities(athlete.id, 25, {
      from: new Date(Date.now() - 60 * 24 * 3600_000),
      to: new Date(Date.now() - 2 * 3600_000),
    });
    emulator.signIn(athlete.id);

    const connect = await runCli(['connect', 'strava', '--athlete', 'cli@weekwise.test'], env);
    expect(connect.code).toBe(0);
    const link = /(http:\/\/\S+\/connect\/strava\?link=\S+)/.exec(connect.stdout)?.[1];
    expect(link).toBeDefined();
    let url = link!;
    let response = await fetch(url, { redirect: 'manual' });
    while (response.status === 302) {
      url = new URL(response.headers.get('location')!, url).toString();
      response = await fetch(url, { redirect: 'manual' });
    }
    expect(await response.text()).toContain('Strava is connected');

    // A run recorded after the connection: `sync` fetches it (and waits for the history import).
    emulator.createActivity(athlete.id, { sportType: 'Run', hasHeartRate: true, manual: false });
    const sync = await runCli(['sync', '--athlete', 'cli@weekwise.test'], env, 180_000);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/activities stored/);
    expect(sync.stdout).toMatch(/Strava reads: \d+\/100 this 15 min/);

    const listed = await runCli(['activities', '--athlete', 'cli@weekwise.test', '--json'], env);
    expect(listed.code).toBe(0);
    const stored = listed.stdout.trim().split('\n').filter(Boolean);
    expect(stored.length).toBeGreaterThanOrEqual(activities.length + 1);

    const connections = await runCli(['connections', '--json'], env);
    const [row] = JSON.parse(connections.stdout) as Array<{ status: string; externalAthleteId: string }>;
    expect(row).toMatchObject({ status: 'active', externalAthleteId: '880' });
    const table = await runCli(['connections'], env);
    expect(table.stdout).toMatch(/cli@weekwise\.test.*strava.*active/);
  }, 240_000);

  it('explains what is missing instead of failing obscurely', async () => {
    const noStrava = await runCli(['connect', 'strava'], {
      ...env,
      STRAVA_CLIENT_ID: '',
      STRAVA_CLIENT_SECRET: '',
      STRAVA_WEBHOOK_VERIFY_TOKEN: '',
    });
    expect(noStrava.code).toBe(2);
    expect(noStrava.stderr).toMatch(/Strava is not configured/);
    const unknown = await runCli(['sync', '--provider', 'polar'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown provider "polar"/);
  });
});
