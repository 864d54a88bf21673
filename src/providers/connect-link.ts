import type { Provider } from '../generated/prisma/enums.ts';
import type { TokenSigner } from '../security/signed-token.ts';

const PURPOSE = 'connect-link';
const LIFETIME_MS = 60 * 60_000;

/**
 * A link that starts connecting a provider for one athlete. It names the athlete, so it is signed and
 * expires within the hour; the OAuth state it leads to is single-use.
 */
export function createConnectLink(
  signer: TokenSigner,
  publicUrl: string,
  request: { athleteId: string; provider: Provider; now: Date },
): string {
  const token = signer.sign(PURPOSE, {
    athleteId: request.athleteId,
    provider: request.provider,
    expiresAt: request.now.getTime() + LIFETIME_MS,
  });
  return `${publicUrl}/connect/${request.provider}?link=${encodeURIComponent(token)}`;
}

/** The athlete a connect link was made for, or null when it is forged, for another provider or expired. */
export function verifyConnectLink(
  signer: TokenSigner,
  token: string,
  provider: Provider,
  now: Date,
): string | null {
  const payload = signer.verify(PURPOSE, token);
  if (!payload || payload.provider !== provider || typeof payload.athleteId !== 'string') return null;
  if (typeof payload.expiresAt !== 'number' || payload.expiresAt < now.getTime()) return null;
  return payload.athleteId;
}
