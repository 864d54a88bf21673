import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from '../support/services.ts';

const run = promisify(execFile);

/**
 * Restarts of the machine's own PostgreSQL and Redis, with the commands of ../shared/docs/TOOLCHAIN.md.
 * They stop every client on the machine, not only weekwise: this is why the suite runs on its own
 * (`npm run test:faults`), never inside `npm test`.
 */

const redis = new URL(TEST_REDIS_URL);
const redisHost = redis.hostname || '127.0.0.1';
const redisPort = redis.port || '6379';
const postgres = new URL(TEST_POSTGRES_URL);
const postgresHost = postgres.hostname || '127.0.0.1';
const postgresPort = postgres.port || '5432';

/** The services must be these local ones: restarting them is the point. */
export function servicesAreLocal(): boolean {
  const local = (host: string) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  return local(redisHost) && local(postgresHost);
}

export async function redisIsUp(): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-h', redisHost, '-p', redisPort, 'ping'], { timeout: 3000 });
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

export async function postgresIsUp(): Promise<boolean> {
  try {
    await run('pg_isready', ['-h', postgresHost, '-p', postgresPort, '-q'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(100);
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

async function startRedis(): Promise<void> {
  mkdirSync('/var/lib/redis', { recursive: true });
  mkdirSync('/var/log/redis', { recursive: true });
  // Nothing kept on disk, as on the CI machines: a restart loses every key (queues, locks, the governor).
  await run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    redisPort,
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    '/var/lib/redis',
    '--logfile',
    '/var/log/redis/ci.log',
  ]);
  await waitFor(redisIsUp, 'Redis did not answer PING');
}

function postgresCluster(): string[] {
  const version = readdirSync('/etc/postgresql')[0];
  if (!version) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return ['--skip-systemctl-redirect', version, 'main'];
}

/** Stops Redis without saving (every key is lost) and starts it again; resolves with the downtime. */
export async function restartRedis(): Promise<{ downMs: number }> {
  const started = Date.now();
  // redis-cli may report the connection closing under its feet: what counts is that Redis went away.
  await run('redis-cli', ['-h', redisHost, '-p', redisPort, 'shutdown', 'nosave']).catch(() => undefined);
  await waitFor(async () => !(await redisIsUp()), 'Redis did not stop');
  await startRedis();
  return { downMs: Date.now() - started };
}

/** Restarts the PostgreSQL cluster (every connection is cut); resolves with the downtime. */
export async function restartPostgres(): Promise<{ downMs: number }> {
  const started = Date.now();
  await run('pg_ctlcluster', [...postgresCluster(), 'restart'], { timeout: 120_000 });
  await waitFor(postgresIsUp, 'PostgreSQL did not accept connections');
  return { downMs: Date.now() - started };
}

/** For afterAll: whatever happened in the suite, both services are running when it ends. */
export async function ensureServicesRunning(): Promise<string[]> {
  const started: string[] = [];
  if (!(await postgresIsUp())) {
    await run('pg_ctlcluster', [...postgresCluster(), 'start'], { timeout: 120_000 }).catch(() => undefined);
    await waitFor(postgresIsUp, 'PostgreSQL did not accept connections');
    started.push('postgresql');
  }
  if (!(await redisIsUp())) {
    await startRedis();
    started.push('redis');
  }
  return started;
}
