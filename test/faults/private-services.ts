import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL and a Redis of the fault suite's own, on free ports, in a temporary folder: the suite kills
 * and restarts them, and restarting the machine's shared ones would break every other test run beside it.
 * Started by the suite's globalSetup (private-services.global.ts), which hands their addresses to the
 * tests through the environment (TEST_DATABASE_URL, TEST_REDIS_URL, FAULTS_SERVICES).
 */
export interface PrivateServices {
  folder: string;
  postgres: { dataDir: string; port: number; bin: string };
  redis: { port: number; args: string[] };
}

const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root: its commands run as the `postgres` user when we are root. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startPrivateServices(): Promise<PrivateServices> {
  const folder = mkdtempSync(join(tmpdir(), 'weekwise-faults-services-'));
  const dataDir = join(folder, 'postgres');
  if (process.getuid?.() === 0) chownSync(folder, uidOf('postgres'), 0);
  const postgresPort = await freePort();
  await run(
    ...asPostgres(join(POSTGRES_BIN, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]),
  );
  const services: PrivateServices = {
    folder,
    postgres: { dataDir, port: postgresPort, bin: POSTGRES_BIN },
    redis: { port: await freePort(), args: [] },
  };
  // In its own configuration, so that every start and restart uses it. Durability is not what is under
  // test, and fsync on a shared disk is slow.
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    [
      `port = ${postgresPort}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${folder}'`,
      'fsync = off',
      'max_connections = 200',
      '',
    ].join('\n'),
  );
  await postgresCommand(services, 'start');
  services.redis.args = [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(services.redis.port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    folder,
    '--logfile',
    join(folder, 'redis.log'),
    '--pidfile',
    join(folder, 'redis.pid'),
  ];
  await startPrivateRedis(services);
  return services;
}

/** `pg_ctl <action>`, waiting until it is done. */
export async function postgresCommand(
  services: PrivateServices,
  action: 'start' | 'stop' | 'restart',
): Promise<void> {
  const args = ['-D', services.postgres.dataDir, '-l', join(services.folder, 'postgres.log'), '-w'];
  if (action !== 'start') args.push('-m', 'fast');
  await run(...asPostgres(join(services.postgres.bin, 'pg_ctl'), [...args, action]), {
    timeout: 120_000,
  });
}

export async function startPrivateRedis(services: PrivateServices): Promise<void> {
  await run('redis-server', services.redis.args);
}

export async function stopPrivateServices(services: PrivateServices): Promise<void> {
  await run('redis-cli', ['-p', String(services.redis.port), 'shutdown', 'nosave']).catch(() => undefined);
  await postgresCommand(services, 'stop').catch(() => undefined);
  rmSync(services.folder, { recursive: true, force: true });
}

/** The services the globalSetup started, as the tests' processes see them. */
export function privateServices(): PrivateServices | null {
  const described = process.env.FAULTS_SERVICES;
  return described ? (JSON.parse(described) as PrivateServices) : null;
}

function uidOf(user: string): number {
  // Node has no getpwnam; `id -u` is on every Debian machine.
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
