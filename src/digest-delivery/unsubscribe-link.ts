import type { TokenSigner } from '../security/signed-token.ts';

const PURPOSE = 'digest-unsubscribe';

/**
 * The link in every digest's footer and List-Unsubscribe header. It names the runner and never expires
 * (an old email's link must still work); being signed, it cannot be made for somebody else.
 */
export function createUnsubscribeUrl(signer: TokenSigner, publicUrl: string, athleteId: string): string {
  return `${publicUrl}/digest/unsubscribe?token=${encodeURIComponent(signer.sign(PURPOSE, { athleteId }))}`;
}

export function verifyUnsubscribeToken(signer: TokenSigner, token: string): string | null {
  const payload = signer.verify(PURPOSE, token);
  return payload && typeof payload.athleteId === 'string' ? payload.athleteId : null;
}
