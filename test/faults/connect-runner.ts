import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import type { PrismaClient } from '../../src/db/database.ts';
import { createConnectLink } from '../../src/providers/connect-link.ts';
import type { TokenSigner } from '../../src/security/signed-token.ts';

/**
 * A runner connects Strava or Garmin as a browser would: weekwise's signed connect link (what `weekwise
 * connect` prints), the provider's consent page, weekwise's OAuth callback — every hop a real HTTP request
 * to `weekwise serve` or the emulator. `signIn` signs the runner in at the emulator first. Returns the
 * athlete's id once the callback has stored the link.
 */
export async function connectRunner(options: {
  prisma: PrismaClient;
  signer: TokenSigner;
  publicUrl: string;
  provider: 'strava' | 'garmin';
  signIn: () => void;
  email: string;
}): Promise<string> {
  const athlete = await findOrCreateAthlete(options.prisma, options.email);
  options.signIn();
  let url = createConnectLink(options.signer, options.publicUrl, {
    athleteId: athlete.id,
    provider: options.provider,
    now: new Date(),
  });
  const connected = `${options.provider === 'strava' ? 'Strava' : 'Garmin'} is connected`;
  for (let hop = 0; hop < 5; hop++) {
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const page = await response.text();
    if (response.status !== 200 || !page.includes(connected))
      throw new Error(`connecting ${options.email} ended on HTTP ${response.status}: ${page.slice(0, 300)}`);
    return athlete.id;
  }
  throw new Error(`connecting ${options.email}: too many redirects`);
}
