import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real third-party fixtures live in ../shared beside the repo (never copied in).
 * In CI their absence is a failure; on a developer machine the tests that need them skip, saying why.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = resolve(repoRoot, '..', 'shared');
export const FIT_FIXTURES_DIR = join(SHARED_DIR, 'fixtures', 'fit');
export const STRAVA_FIXTURES_DIR = join(SHARED_DIR, 'fixtures', 'api', 'strava');

const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** True when the shared fixtures are present; throws in CI when they are not. */
export function sharedFixturesAvailable(): boolean {
  if (existsSync(FIT_FIXTURES_DIR)) return true;
  const message = `shared fixtures not found at ${FIT_FIXTURES_DIR} (expected ../shared beside the repo)`;
  if (inCi) throw new Error(`${message}: required in CI`);
  console.warn(`SKIPPING fixture tests: ${message}`);
  return false;
}

export function fitFixture(name: string): string {
  return join(FIT_FIXTURES_DIR, name);
}
