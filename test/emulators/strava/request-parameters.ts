import type { FastifyRequest } from 'fastify';

/**
 * Strava reads parameters from the query string, a form body or a JSON body alike (client libraries use all
 * three): one flat record of strings, the body winning over the query.
 */
export function requestParameters(request: FastifyRequest): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of [request.query, request.body]) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      merged[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
    }
  }
  return merged;
}

/** An integer parameter: undefined when absent, NaN when not a whole number (the caller answers 400). */
export function integerParameter(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
}

/** The bearer token, from the Authorization header or Strava's older `access_token` parameter. */
export function accessTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match) return match[1];
  return requestParameters(request).access_token;
}
