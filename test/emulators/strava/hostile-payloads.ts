import type { FastifyReply, FastifyRequest } from 'fastify';
import { endpointOf } from './request-guards.ts';

/** A body sent as these exact characters (not JSON-encoded): invalid JSON, an HTML error page, garbage. */
export class RawBody {
  constructor(readonly text: string) {}
}

/**
 * What to send instead of the answer the emulator built: given that answer (parsed JSON) and the request,
 * returns the hostile body (any JSON value, or a RawBody).
 */
export type HostileBody = (served: unknown, request: FastifyRequest) => unknown;

interface HostileRule {
  /** The route as stats name it, e.g. "GET /api/v3/athlete/activities". */
  endpoint: string;
  body: HostileBody;
  /** How many more answers it replaces (Infinity: until cleared). */
  remaining: number;
}

/**
 * Hostile payloads on demand: for chosen requests, the emulator answers 200 with a body Strava would
 * never send (wrong types, missing fields, millions of samples, invalid JSON), to test that weekwise's
 * importer refuses it with a reason and stores nothing half. The status and headers stay the route's.
 */
export class HostilePayloads {
  private rules: HostileRule[] = [];

  /** From the next matching request on, `times` answers (default: all) are replaced by `body`'s. */
  serve(endpoint: string, body: HostileBody, options: { times?: number } = {}): void {
    this.rules.push({ endpoint, body, remaining: options.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule for this request, counted as used; null when the request is answered as usual. */
  take(request: FastifyRequest): HostileBody | null {
    const endpoint = endpointOf(request);
    const rule = this.rules.find((each) => each.endpoint === endpoint && each.remaining > 0);
    if (!rule) return null;
    rule.remaining -= 1;
    return rule.body;
  }
}

/** onSend for /api/v3: swaps a successful answer's body for the hostile one, when a rule asks for it. */
export function hostilePayloadHook(hostile: HostilePayloads) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const body = hostile.take(request);
    if (!body) return payload;
    const replaced = body(JSON.parse(payload), request);
    return replaced instanceof RawBody ? replaced.text : JSON.stringify(replaced);
  };
}
