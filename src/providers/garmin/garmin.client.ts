import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { GarminConfig } from '../../../config/config.ts';
import {
  ProviderNotFoundError,
  ProviderUnauthorizedError,
  ProviderUnavailableError,
} from '../provider-errors.ts';
import { parseGarminPermissions, parseGarminUserId } from './garmin.schemas.ts';

/** A FIT file larger than this is not an activity a watch recorded. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type BackfillSummaryType = 'activities' | 'dailies';

/** Garmin's answer to a backfill request (the data itself comes later, by push). */
export type BackfillAnswer =
  | { status: 'accepted' }
  | { status: 'already-requested' }
  | { status: 'refused'; reason: string };

export type FileDownload = { status: 'downloaded'; bytes: Buffer } | { status: 'gone'; reason: string };

/** A request Garmin will never accept as it is (a 4xx other than 401/404): retrying cannot help. */
export class GarminRequestError extends Error {
  override name = 'GarminRequestError';
}

/**
 * HTTP to Garmin's wellness API, and nothing else: no storage. Garmin publishes no rate limits for these
 * calls, so there is no governor; a 5xx, a 429 or a time-out is ProviderUnavailableError (retried with
 * backoff), a 401 is ProviderUnauthorizedError (withAccessToken refreshes once).
 */
export class GarminClient {
  private readonly http: AxiosInstance;
  /** Garmin's own origin: callback URLs of pings must point there before they get a runner's token. */
  readonly apiOrigin: string;

  constructor(
    private readonly config: GarminConfig,
    options: { timeoutMs: number },
  ) {
    // Statuses are ours to interpret (a 409 or a 410 is information, not an exception).
    this.http = axios.create({ timeout: options.timeoutMs, validateStatus: () => true });
    this.apiOrigin = new URL(config.apiBaseUrl).origin;
  }

  async userId(accessToken: string): Promise<string> {
    return parseGarminUserId(await this.json(accessToken, 'GET', '/user/id'));
  }

  async permissions(accessToken: string): Promise<string[]> {
    return parseGarminPermissions(await this.json(accessToken, 'GET', '/user/permissions'));
  }

  /** Unlinks the runner on Garmin's side: Garmin stops sending their data. */
  async deleteRegistration(accessToken: string): Promise<void> {
    await this.json(accessToken, 'DELETE', '/user/registration');
  }

  /** Asks Garmin to push one window (at most 30 days) of history again; answered 202, 409 when repeated. */
  async requestBackfill(
    accessToken: string,
    type: BackfillSummaryType,
    window: { startS: number; endS: number },
  ): Promise<BackfillAnswer> {
    const path = `/backfill/${type}`;
    const response = await this.send(`GET ${path}`, () =>
      this.http.get(`${this.config.apiBaseUrl}${path}`, {
        headers: bearer(accessToken),
        params: { summaryStartTimeInSeconds: window.startS, summaryEndTimeInSeconds: window.endS },
      }),
    );
    if (response.status === 202 || response.status === 200) return { status: 'accepted' };
    if (response.status === 409) return { status: 'already-requested' };
    if (response.status === 403)
      return { status: 'refused', reason: `Garmin refused: ${errorText(response)}` };
    this.judge(`GET ${path}`, response);
    throw new GarminRequestError(`Garmin GET ${path} answered ${response.status}: ${errorText(response)}`);
  }

  /**
   * Downloads a FIT file from a ping's callback URL, with the runner's token. The URL serves one download
   * within 24 hours: a 404 or 410 means it expired or was used, which no retry can change.
   */
  async downloadActivityFile(accessToken: string, callbackUrl: string): Promise<FileDownload> {
    const response = await this.send('GET activity file', () =>
      this.http.get(callbackUrl, {
        headers: bearer(accessToken),
        responseType: 'arraybuffer',
        maxContentLength: MAX_FILE_BYTES,
        // The file link is a credential: it must not be followed anywhere else.
        maxRedirects: 0,
      }),
    );
    if (response.status === 200) return { status: 'downloaded', bytes: Buffer.from(response.data) };
    if (response.status === 404 || response.status === 410 || response.status === 403) {
      const why =
        response.status === 403 ? 'belongs to another Garmin user' : 'has expired or was already used';
      return {
        status: 'gone',
        reason: `Garmin's download link for this file ${why} (HTTP ${response.status}); ask Garmin to send it again (weekwise sync --provider garmin)`,
      };
    }
    this.judge('GET activity file', response);
    throw new GarminRequestError(`Garmin's file download answered ${response.status}`);
  }

  private async json(accessToken: string, method: 'GET' | 'DELETE', path: string): Promise<unknown> {
    const response = await this.send(`${method} ${path}`, () =>
      this.http.request({ method, url: `${this.config.apiBaseUrl}${path}`, headers: bearer(accessToken) }),
    );
    this.judge(`${method} ${path}`, response);
    if (response.status >= 400) {
      throw new GarminRequestError(
        `Garmin ${method} ${path} answered ${response.status}: ${errorText(response)}`,
      );
    }
    return response.data;
  }

  /** The statuses every call treats alike. */
  private judge(what: string, response: AxiosResponse): void {
    if (response.status === 401) throw new ProviderUnauthorizedError(`Garmin ${what}: access token refused`);
    if (response.status === 404) throw new ProviderNotFoundError(`Garmin ${what}: not found`);
    if (response.status === 429 || response.status >= 500) {
      throw new ProviderUnavailableError(`Garmin ${what}: answered ${response.status}`);
    }
  }

  /** Network failures and time-outs become ProviderUnavailableError: retried later, never lost. */
  private async send(what: string, call: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await call();
    } catch (error) {
      const reason = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw new ProviderUnavailableError(`Garmin ${what} did not answer (${reason})`);
    }
  }
}

function bearer(accessToken: string): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}` };
}

/** Garmin's `{ errorMessage }`, cut short; never the request (it holds the token). */
function errorText(response: AxiosResponse): string {
  const data = response.data;
  if (data && typeof data === 'object' && 'errorMessage' in data) {
    return String((data as { errorMessage: unknown }).errorMessage).slice(0, 200);
  }
  if (typeof data === 'string') return data.slice(0, 200);
  return 'no explanation';
}
