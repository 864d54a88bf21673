import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { linkIn, type SmtpCapture } from './smtp-capture.ts';

type Fields = Record<string, string>;

/**
 * A browser, as far as the web's rules go, over Fastify's inject: it keeps cookies between requests,
 * reads the CSRF token out of the pages, and sends forms. Each client has its own address (rate limits
 * are per address) unless told otherwise.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(
    private readonly server: FastifyInstance,
    readonly remoteAddress = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`,
  ) {}

  async request(options: {
    method: 'GET' | 'POST' | 'DELETE';
    url: string;
    form?: Fields;
    json?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let payload: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.json);
    }
    const response = await this.server.inject({
      method: options.method,
      url: options.url,
      headers,
      payload,
      remoteAddress: this.remoteAddress,
    });
    const sessionBefore = this.cookies.get('weekwise_session');
    for (const cookie of response.cookies as Array<{
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }>) {
      const expired =
        cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= Date.now()) || !cookie.value;
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    // A new session (or none) makes the token of earlier pages worthless.
    if (this.cookies.get('weekwise_session') !== sessionBefore) this.csrfToken = null;
    const token =
      /name="_csrf" value="([^"]+)"/.exec(response.body) ??
      /name="csrf-token" content="([^"]+)"/.exec(response.body);
    if (token) this.csrfToken = token[1]!;
    return response;
  }

  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url, headers });
  }

  /** A form POST carrying the CSRF token of the last page read. */
  postForm(
    url: string,
    fields: Fields = {},
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url, form: { _csrf: this.csrfToken ?? '', ...fields }, headers });
  }

  /** An API call with the x-csrf-token header (from GET /api/me when no page was read). */
  async api(method: 'GET' | 'POST' | 'DELETE', url: string, json?: unknown): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && !this.csrfToken) {
      const me = await this.get('/api/me');
      this.csrfToken = me.json().csrfToken;
    }
    const headers: Record<string, string> = method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken ?? '' };
    return this.request({ method, url, json, headers });
  }

  /** Asks for a sign-in link for `email` and returns the emailed link's path (with its query). */
  async requestSignInLink(email: string, mail: SmtpCapture, publicUrl: string): Promise<string> {
    const before = mail.messages.length;
    await this.get('/');
    const asked = await this.postForm('/auth/sign-in', { email });
    expect(asked.statusCode).toBe(200);
    const message = await mail.waitForMessage(
      (candidate) => candidate.to.includes(email) && mail.messages.indexOf(candidate) >= before,
    );
    return linkIn(message, `${publicUrl}/auth/link`).slice(publicUrl.length);
  }

  /** The whole sign-in: ask, read the email, open the link, press the button. */
  async signIn(email: string, mail: SmtpCapture, publicUrl: string): Promise<LightMyRequestResponse> {
    const link = await this.requestSignInLink(email, mail, publicUrl);
    return this.useSignInLink(link);
  }

  async useSignInLink(link: string): Promise<LightMyRequestResponse> {
    const page = await this.get(link);
    expect(page.statusCode).toBe(200);
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const next = new URL(link, 'http://x').searchParams.get('next');
    const signedIn = await this.postForm('/auth/link', { token, ...(next ? { next } : {}) });
    expect(signedIn.statusCode).toBe(303);
    return signedIn;
  }
}
