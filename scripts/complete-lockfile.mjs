#!/usr/bin/env node
// The npm registry mirror these machines use serves only some platforms' builds of packages that ship
// native binaries (biome, msgpackr-extract). `npm install` then leaves the other platforms' optional
// packages out of package-lock.json, and `npm ci` refuses the lock as out of sync. This adds the missing
// entries as optional, platform-restricted packages, which npm ci skips on this platform as it should.
// Run after `npm install` changes the lock: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM_OF = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'android-x64': { os: ['android'], cpu: ['x64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'linux-arm64': { os: ['linux'], cpu: ['arm64'] },
  'linux-arm': { os: ['linux'], cpu: ['arm'] },
  'linux-x64': { os: ['linux'], cpu: ['x64'] },
  'win32-arm64': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64': { os: ['win32'], cpu: ['x64'] },
};

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const added = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (lock.packages[target]) continue;
    const suffix = Object.keys(PLATFORM_OF).find((platform) => name.endsWith(`-${platform}`));
    if (!suffix) continue; // not a platform build: leave it to npm
    lock.packages[target] = {
      version,
      optional: true,
      ...(entry.dev ? { dev: true } : {}),
      ...PLATFORM_OF[suffix],
    };
    added.push(`${name}@${version} (for ${location || 'the root'})`);
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length ? `added ${added.length} platform entries:\n  ${added.join('\n  ')}` : 'lock file complete',
);
