import { stripControlCharacters } from './fit-text.ts';

const MAX_DEPTH = 4;
const MAX_ARRAY_LENGTH = 256;

/**
 * A JSON-storable copy of a decoded message (kept as the activity source's raw payload): dates as ISO
 * strings, no NaN/Infinity, BigInt (SDK developer fields) as numbers, and no NUL characters, which
 * PostgreSQL's jsonb rejects and firmware strings sometimes contain.
 */
export function toJsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return cleanString(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value))
    return value.slice(0, MAX_ARRAY_LENGTH).map((item) => toJsonSafe(item, depth + 1) ?? null);
  if (ArrayBuffer.isView(value)) return null;
  if (typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const safe = toJsonSafe(item, depth + 1);
      if (safe !== undefined) copy[cleanString(key)] = safe;
    }
    return copy;
  }
  return undefined;
}

function cleanString(value: string): string {
  return stripControlCharacters(value, true);
}
