import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Short tamper-proof tokens for links weekwise hands out (connect links, unsubscribe links, OAuth state):
 * `<payload>.<signature>`, base64url, with an HMAC-SHA256 signature over the purpose and the payload.
 * The purpose is signed too, so a token made for one use is worthless for another. The key is derived
 * from the encryption key, so a deployment has one secret to keep.
 */
export class TokenSigner {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'weekwise signed tokens', 32));
  }

  sign(purpose: string, payload: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.signature(purpose, body)}`;
  }

  /** The payload, or null when the token was not made by us for this purpose (or was altered). */
  verify(purpose: string, token: string): Record<string, unknown> | null {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.signature(purpose, body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private signature(purpose: string, body: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\n${body}`).digest('base64url');
  }
}
