import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCipher } from '../../../src/security/token-cipher.ts';

describe('TokenCipher (AES-256-GCM)', () => {
  const cipher = new TokenCipher(randomBytes(32));

  it('round-trips a token and never stores it in clear', () => {
    const token = 'a1b2c3d4e5f6-refresh-token';
    const stored = cipher.encrypt(token, 'connection-1:refresh');
    expect(stored).not.toContain(token);
    expect(stored.startsWith('v1.')).toBe(true);
    expect(cipher.decrypt(stored, 'connection-1:refresh')).toBe(token);
  });

  it('uses a fresh IV every time', () => {
    expect(cipher.encrypt('same', 'ad')).not.toBe(cipher.encrypt('same', 'ad'));
  });

  it('refuses a ciphertext moved to another row, tampered with, or read with another key', () => {
    const stored = cipher.encrypt('secret', 'connection-1:access');
    expect(() => cipher.decrypt(stored, 'connection-2:access')).toThrow();
    const parts = stored.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() =>
      cipher.decrypt([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'connection-1:access'),
    ).toThrow();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(stored, 'connection-1:access')).toThrow();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new TokenCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
