import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createConnectLink, verifyConnectLink } from '../../../src/providers/connect-link.ts';
import { TokenSigner } from '../../../src/security/signed-token.ts';

describe('TokenSigner', () => {
  const signer = new TokenSigner(randomBytes(32));

  it('returns the payload of a token it signed for the same purpose', () => {
    const token = signer.sign('unsubscribe', { athleteId: 'a-1' });
    expect(signer.verify('unsubscribe', token)).toEqual({ athleteId: 'a-1' });
  });

  it('refuses a token for another purpose, altered, or signed with another key', () => {
    const token = signer.sign('unsubscribe', { athleteId: 'a-1' });
    expect(signer.verify('connect-link', token)).toBeNull();
    const [body, signature] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ athleteId: 'a-2' })).toString('base64url');
    expect(signer.verify('unsubscribe', `${forgedBody}.${signature}`)).toBeNull();
    expect(signer.verify('unsubscribe', `${body}.${signature.slice(0, -2)}`)).toBeNull();
    expect(signer.verify('unsubscribe', `${token}.extra`)).toBeNull();
    expect(new TokenSigner(randomBytes(32)).verify('unsubscribe', token)).toBeNull();
  });
});

describe('connect links', () => {
  const signer = new TokenSigner(randomBytes(32));
  const now = new Date('2026-11-22T08:00:00Z');
  const tokenOf = (link: string) => decodeURIComponent(new URL(link).searchParams.get('link')!);

  it('name the athlete for an hour, for one provider', () => {
    const link = createConnectLink(signer, 'https://weekwise.example', {
      athleteId: 'a-1',
      provider: 'strava',
      now,
    });
    expect(link.startsWith('https://weekwise.example/connect/strava?link=')).toBe(true);
    expect(verifyConnectLink(signer, tokenOf(link), 'strava', new Date(now.getTime() + 59 * 60_000))).toBe(
      'a-1',
    );
    expect(
      verifyConnectLink(signer, tokenOf(link), 'strava', new Date(now.getTime() + 61 * 60_000)),
    ).toBeNull();
    expect(verifyConnectLink(signer, tokenOf(link), 'garmin', now)).toBeNull();
  });
});
