import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { StravaConfig } from '../../../config/config.ts';
import type { Clock } from '../../domain/clock.ts';
import { PermanentJobError, RetryLaterError } from '../../jobs/job-definition.ts';
import {
  ProviderNotFoundError,
  ProviderUnauthorizedError,
  ProviderUnavailableError,
} from '../provider-errors.ts';
import type { RateLimitGovernor, RequestClass } from '../rate-limit/rate-limit-governor.ts';
import { nextQuarterHour } from '../rate-limit/rate-limit-windows.ts';
import { parseStravaRateLimitHeaders } from './strava-rate-limit-headers.ts';

/**
 * What weekwise asks Strava for: activities, private ones included, and nothing it cannot use. Both
 * activity scopes are asked, so a runner who unticks "private activities" still grants the others.
 */
export const STRAVA_SCOPES = ['read', 'activity:read', 'activity:read_all'] as const;

/**
 * The largest answer read: the streams of an activity at the sample limit (a million samples of six
 * streams) are about 45 MB of JSON. A larger body is not read to its end, so it cannot exhaust memory.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * HTTP to Strava, and nothing else: no field names, no storage. Every API request first takes a slot from
 * the rate-limit governor (shared by every worker of the deployment) and reports the headers of the
 * answer back to it, so a spent window delays the job instead of sending a request Strava would refuse.
 */
export class StravaClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: StravaConfig,
    private readonly governor: RateLimitGovernor,
    private readonly options: { timeoutMs: number; clock: Clock },
  ) {
    // Statuses are ours to interpret (a 401 or a 429 is information, not an exception).
    this.http = axios.create({
      timeout: options.timeoutMs,
      validateStatus: () => true,
      maxContentLength: MAX_ANSWER_BYTES,
    });
  }

  authorizeUrl(request: { state: string; redirectUri: string }): string {
    const url = new URL(`${this.config.oauthBaseUrl}/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      approval_prompt: 'auto',
      scope: STRAVA_SCOPES.join(','),
      state: request.state,
    }).toString();
    return url.toString();
  }

  /** POST /oauth/token: the raw answer (status and body), for the caller to judge and parse. */
  async requestToken(
    grant:
      | { grant_type: 'authorization_code'; code: string }
      | { grant_type: 'refresh_token'; refresh_token: string },
  ): Promise<{ status: number; body: unknown }> {
    const response = await this.send(() =>
      this.http.post(`${this.config.oauthBaseUrl}/oauth/token`, {
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        ...grant,
      }),
    );
    if (response.status >= 500)
      throw new ProviderUnavailableError(`Strava token endpoint answered ${response.status}`);
    return { status: response.status, body: response.data };
  }

  async deauthorize(accessToken: string): Promise<void> {
    const response = await this.send(() =>
      this.http.post(`${this.config.oauthBaseUrl}/oauth/deauthorize`, null, {
        params: { access_token: accessToken },
      }),
    );
    if (response.status >= 500)
      throw new ProviderUnavailableError(`Strava deauthorize answered ${response.status}`);
  }

  /** GET on the API with the runner's token; the JSON body, or a typed error. */
  async get(
    accessToken: string,
    path: string,
    params: Record<string, string | number> = {},
  ): Promise<unknown> {
    return this.api('read', { method: 'GET', url: path, params, headers: bearer(accessToken) });
  }

  /** The app's webhook subscription calls (client credentials, no runner token). */
  async createPushSubscription(callbackUrl: string): Promise<unknown> {
    return this.api('write', {
      method: 'POST',
      url: '/push_subscriptions',
      data: {
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        callback_url: callbackUrl,
        verify_token: this.config.webhookVerifyToken,
      },
    });
  }

  async listPushSubscriptions(): Promise<unknown> {
    return this.api('read', {
      method: 'GET',
      url: '/push_subscriptions',
      params: { client_id: this.config.clientId, client_secret: this.config.clientSecret },
    });
  }

  async deletePushSubscription(id: string): Promise<void> {
    await this.api('write', {
      method: 'DELETE',
      url: `/push_subscriptions/${encodeURIComponent(id)}`,
      params: { client_id: this.config.clientId, client_secret: this.config.clientSecret },
    });
  }

  private async api(
    requestClass: RequestClass,
    request: {
      method: 'GET' | 'POST' | 'DELETE';
      url: string;
      params?: Record<string, string | number>;
      data?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<unknown> {
    const reservation = await this.governor.reserve(requestClass, this.options.clock.now());
    if (!reservation.granted) throw new RetryLaterError(reservation.retryAt, `Strava: ${reservation.reason}`);
    const response = await this.send(() =>
      this.http.request({ ...request, url: `${this.config.apiBaseUrl}${request.url}` }),
    );
    const now = this.options.clock.now();
    await this.governor.observe(parseStravaRateLimitHeaders(plainHeaders(response)), now, response.status);
    const what = `Strava ${request.method} ${request.url}`;
    if (response.status === 429) {
      // The governor now counts the window as spent: wait for the next one (a daily limit, if that is
      // the spent one, is the governor's answer when the job comes back), never hammer.
      throw new RetryLaterError(nextQuarterHour(now), `${what}: rate limit exceeded (429)`);
    }
    if (response.status === 401) throw new ProviderUnauthorizedError(`${what}: access token refused`);
    if (response.status === 404) throw new ProviderNotFoundError(`${what}: not found`);
    if (response.status >= 500) throw new ProviderUnavailableError(`${what}: answered ${response.status}`);
    if (response.status >= 400) {
      throw new Error(`${what}: answered ${response.status} ${JSON.stringify(response.data).slice(0, 300)}`);
    }
    return response.data;
  }

  /** Network failures and time-outs become ProviderUnavailableError: retried later, never lost. */
  private async send(call: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await call();
    } catch (error) {
      // Asking again brings the same oversized answer: not an outage, a refusal.
      if (axios.isAxiosError(error) && /^maxContentLength/.test(error.message)) {
        throw new PermanentJobError(
          `Strava's answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: not read`,
        );
      }
      const reason = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw new ProviderUnavailableError(`Strava did not answer (${reason})`);
    }
  }
}

function bearer(accessToken: string): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}` };
}

function plainHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return headers;
}
