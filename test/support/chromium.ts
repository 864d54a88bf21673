import { existsSync } from 'node:fs';

/** Debian's Chromium (apt-get install -y chromium), or CHROMIUM_PATH; playwright-core drives it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless run on a machine with a closed network, as root. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/**
 * Whether browser tests can run: in CI a missing Chromium fails the run (.ci/run installs it), elsewhere
 * the tests skip with a message saying how to get it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${message}: required in CI`);
  console.warn(`SKIPPING browser tests: ${message}`);
  return false;
}
