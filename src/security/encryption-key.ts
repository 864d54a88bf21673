import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKey } from '../../config/env.schema.ts';

/**
 * The embedded default has no operator to set WEEKWISE_ENCRYPTION_KEY, so it keeps a generated key in its
 * data folder (readable by the owner only). A server deployment must set the key explicitly (config).
 */
export function loadOrCreateLocalKey(dataDir: string): Buffer {
  const path = join(dataDir, 'encryption.key');
  if (existsSync(path)) {
    const key = decodeKey(readFileSync(path, 'utf8'));
    if (!key)
      throw new Error(
        `${path} does not hold a 32-byte key; restore it or remove it (stored tokens are lost)`,
      );
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
