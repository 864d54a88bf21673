import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  type PrivateServices,
  postgresCommand,
  privateServices,
  startPrivateRedis,
} from './private-services.ts';

const run = promisify(execFile);

/**
 * Restarts of the fault suite's own PostgreSQL and Redis (private-services.ts): every connection weekwise
 * holds is cut, as in a real restart, while the machine's shared services, and the tests running on them,
 * are left alone.
 */
function services(): PrivateServices {
  const started = privateServices();
  if (!started) throw new Error('the fault suite runs on its own services: use `npm run test:faults`');
  return started;
}

export async function redisIsUp(): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(services().redis.port), 'ping'], {
      timeout: 3000,
    });
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

export async function postgresIsUp(): Promise<boolean> {
  try {
    const port = String(services().postgres.port);
    await run('pg_isready', ['-h', '127.0.0.1', '-p', port, '-q'], { timeout: 5000 });
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

/** Stops Redis without saving (every key is lost) and starts it again; resolves with the downtime. */
export async function restartRedis(): Promise<{ downMs: number }> {
  const started = Date.now();
  const port = String(services().redis.port);
  // redis-cli may report the connection closing under its feet: what counts is that Redis went away.
  await run('redis-cli', ['-p', port, 'shutdown', 'nosave']).catch(() => undefined);
  await waitFor(async () => !(await redisIsUp()), 'Redis did not stop');
  await startPrivateRedis(services());
  await waitFor(redisIsUp, 'Redis did not answer PING');
  return { downMs: Date.now() - started };
}

/** Restarts PostgreSQL (every connection is cut); resolves with the downtime. */
export async function restartPostgres(): Promise<{ downMs: number }> {
  const started = Date.now();
  await postgresCommand(services(), 'restart');
  await waitFor(postgresIsUp, 'PostgreSQL did not accept connections');
  return { downMs: Date.now() - started };
}

/** For afterAll: whatever happened in the suite, both services are running when it ends. */
export async function ensureServicesRunning(): Promise<string[]> {
  const started: string[] = [];
  if (!(await postgresIsUp())) {
    await postgresCommand(services(), 'start').catch(() => undefined);
    await waitFor(postgresIsUp, 'PostgreSQL did not accept connections');
    started.push('postgresql');
  }
  if (!(await redisIsUp())) {
    await startPrivateRedis(services());
    await waitFor(redisIsUp, 'Redis did not answer PING');
    started.push('redis');
  }
  return started;
}
