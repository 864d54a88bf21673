import type { RateLimitObservation, WindowCounts } from '../rate-limit/rate-limit-governor.ts';

/** Response headers as axios (AxiosHeaders or a plain object) or fetch/undici (`Headers`) hand them over. */
export type ResponseHeaders = { get(name: string): unknown } | Readonly<Record<string, unknown>>;

/**
 * Strava's rate-limit headers, each "<15-minute window>,<day>": the app's limits and its usage so far,
 * overall (`X-RateLimit-*`) and for reads (`X-ReadRateLimit-*`, absent from older answers).
 * Null when no header could be read; a missing or garbled header leaves its part null.
 */
export function parseStravaRateLimitHeaders(
  headers: ResponseHeaders | null | undefined,
): RateLimitObservation | null {
  if (!headers) return null;
  const observation: RateLimitObservation = {
    limits: {
      overall: parseWindowPair(headerValue(headers, 'x-ratelimit-limit'), 1),
      read: parseWindowPair(headerValue(headers, 'x-readratelimit-limit'), 1),
    },
    usage: {
      overall: parseWindowPair(headerValue(headers, 'x-ratelimit-usage'), 0),
      read: parseWindowPair(headerValue(headers, 'x-readratelimit-usage'), 0),
    },
  };
  const { limits, usage } = observation;
  return limits.overall || limits.read || usage.overall || usage.read ? observation : null;
}

/** Far above any app's limit: a bigger number is garbage, not a count. */
const LARGEST_COUNT = 1_000_000_000;

/** "600,30000" → { fifteenMinutes: 600, daily: 30000 }; anything else (or a number below `minimum`) → null. */
export function parseWindowPair(value: string | null, minimum: number): WindowCounts | null {
  if (value === null) return null;
  const match = /^\s*(\d{1,10})\s*,\s*(\d{1,10})\s*$/.exec(value);
  if (!match) return null;
  const fifteenMinutes = Number(match[1]);
  const daily = Number(match[2]);
  const plausible = (count: number) => count >= minimum && count <= LARGEST_COUNT;
  return plausible(fifteenMinutes) && plausible(daily) ? { fifteenMinutes, daily } : null;
}

function headerValue(headers: ResponseHeaders, name: string): string | null {
  const value = hasGetter(headers) ? headers.get(name) : plainHeader(headers, name);
  if (Array.isArray(value)) return value.length === 1 ? textOf(value[0]) : null;
  return textOf(value);
}

function hasGetter(headers: ResponseHeaders): headers is { get(name: string): unknown } {
  return typeof (headers as { get?: unknown }).get === 'function';
}

// Header names are case-insensitive; a plain object keeps whatever case the server or a test used.
function plainHeader(headers: Readonly<Record<string, unknown>>, name: string): unknown {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
