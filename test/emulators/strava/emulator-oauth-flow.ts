import type { StravaEmulator } from './strava-emulator.ts';

export interface AuthorizeRequest {
  redirectUri?: string;
  scope?: string;
  state?: string;
}

/**
 * The browser's part of the OAuth dance, for tests: signs the athlete in on the emulated strava.com and
 * follows GET /oauth/authorize to the redirect, returning what the app's callback would receive.
 */
export async function authorizeAthlete(
  emulator: StravaEmulator,
  clientId: string,
  athleteId: number,
  request: AuthorizeRequest = {},
): Promise<{ status: number; location: URL | null; body: unknown }> {
  emulator.signIn(athleteId);
  const url = new URL(`${emulator.oauthBaseUrl}/oauth/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: request.redirectUri ?? 'http://127.0.0.1:9/strava/callback',
    response_type: 'code',
    approval_prompt: 'auto',
    scope: request.scope ?? 'read,activity:read_all',
    state: request.state ?? 'state-1',
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  const text = await response.text();
  return {
    status: response.status,
    location: location ? new URL(location) : null,
    body: text ? JSON.parse(text) : null,
  };
}

export interface StravaTokenAnswer {
  token_type: string;
  access_token: string;
  refresh_token: string;
  expires_at: number;
  expires_in: number;
  athlete?: { id: number };
}

/** Authorises and exchanges the code: the tokens an app holds after "Connect with Strava". */
export async function connectAthlete(
  emulator: StravaEmulator,
  credentials: { clientId: string; clientSecret: string },
  athleteId: number,
  request: AuthorizeRequest = {},
): Promise<StravaTokenAnswer> {
  const { location } = await authorizeAthlete(emulator, credentials.clientId, athleteId, request);
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`the emulator granted no code (redirect: ${location})`);
  const response = await fetch(`${emulator.oauthBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      code,
      grant_type: 'authorization_code',
    }),
  });
  if (response.status !== 200)
    throw new Error(`token exchange answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as StravaTokenAnswer;
}
