import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { SIGN_IN_LINK_LIFETIME_MS } from '../../src/web/accounts/sign-in-link.store.ts';
import { SESSION_LIFETIME_MS } from '../../src/web/accounts/web-session.store.ts';
import { hashSecretToken } from '../../src/web/security/secret-token.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable } from '../support/services.ts';
import { linkIn } from '../support/smtp-capture.ts';
import { WebClient } from '../support/web-client.ts';
import { startWebServer, type WebServer } from '../support/web-server.ts';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('web sign-in by emailed link', () => {
  const stack = useScratchStack();
  let web: WebServer;
  const client = () => new WebClient(web.server);
  const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token')!;

  beforeAll(async () => {
    web = await startWebServer(stack);
    await findOrCreateAthlete(stack.database.prisma, 'runner@weekwise.test');
  });
  afterAll(async () => {
    await web?.close();
  });

  it('answers the same page for a known and an unknown address, and stores only the hash of the link', async () => {
    const known = client();
    const unknown = client();
    await known.get('/');
    await unknown.get('/');
    const a = await known.postForm('/auth/sign-in', { email: 'Runner@weekwise.test ' });
    const b = await unknown.postForm('/auth/sign-in', { email: 'nobody@weekwise.test' });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const scrub = (body: string) => body.replaceAll(/runner@weekwise\.test|nobody@weekwise\.test/g, 'EMAIL');
    expect(scrub(a.body)).toBe(scrub(b.body));

    const mail = await web.mail.waitForMessage((message) => message.to.includes('runner@weekwise.test'));
    expect(mail.subject).toMatch(/sign-in link/);
    expect(mail.html).toContain('/auth/link?token=');
    const token = tokenOf(linkIn(mail, `${web.publicUrl}/auth/link`));
    const { rows } = await stack.database.pool.query('SELECT token_hash FROM sign_in_link');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((row) => row.token_hash)).toContain(hashSecretToken(token));
  });

  it('signs in with a button (a GET does not use the link), links the athlete, and the link works once', async () => {
    const browser = client();
    const link = await browser.requestSignInLink('runner@weekwise.test', web.mail, web.publicUrl);
    // A mail scanner following the link twice does not use it up.
    expect((await client().get(link)).statusCode).toBe(200);
    expect((await client().get(link)).statusCode).toBe(200);
    const page = await browser.get(link);
    expect(page.body).toContain('Sign in as runner@weekwise.test');
    const signedIn = await browser.postForm('/auth/link', { token: tokenOf(link) });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/dashboard');
    const cookie = signedIn.cookies.find((candidate) => candidate.name === 'weekwise_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await browser.get('/api/me');
    expect(me.statusCode).toBe(200);
    const athlete = await stack.database.prisma.athlete.findUniqueOrThrow({
      where: { email: 'runner@weekwise.test' },
    });
    expect(me.json()).toMatchObject({ user: { email: 'runner@weekwise.test' }, athlete: { id: athlete.id } });

    // The same link again, from another browser: refused, with the reason.
    const thief = client();
    await thief.get('/');
    const reused = await thief.postForm('/auth/link', { token: tokenOf(link) });
    expect(reused.statusCode).toBe(400);
    expect(reused.body).toContain('already used');
    expect(thief.cookies.has('weekwise_session')).toBe(false);
    expect((await thief.get('/api/me')).statusCode).toBe(401);
  });

  it('refuses an expired link with a clear message', async () => {
    const browser = client();
    const link = await browser.requestSignInLink('late@weekwise.test', web.mail, web.publicUrl);
    web.clock.advance(SIGN_IN_LINK_LIFETIME_MS + 1000);
    try {
      const page = await browser.get(link);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('has expired');
      const used = await browser.postForm('/auth/link', { token: tokenOf(link) });
      expect(used.statusCode).toBe(400);
      expect(used.body).toContain('has expired');
      expect((await browser.get('/api/me')).statusCode).toBe(401);
    } finally {
      web.clock.set(new Date());
    }
  });

  it('does not keep a session cookie the browser had before signing in (no session fixation)', async () => {
    // An attacker signs in, then plants their own session cookie in the victim's browser.
    const attacker = client();
    await attacker.signIn('attacker@weekwise.test', web.mail, web.publicUrl);
    const planted = attacker.cookies.get('weekwise_session')!;
    const victim = client();
    victim.cookies.set('weekwise_session', planted);
    // The victim asks for a link (say on their phone) and opens it in the browser with the planted cookie.
    const link = await client().requestSignInLink('victim@weekwise.test', web.mail, web.publicUrl);
    await victim.useSignInLink(link);
    const session = victim.cookies.get('weekwise_session')!;
    expect(session).not.toBe(planted);
    expect((await victim.get('/api/me')).json().user.email).toBe('victim@weekwise.test');
    // The planted session ended with the sign-in: nobody holds a session the victim's browser knew before.
    const replay = new WebClient(web.server);
    replay.cookies.set('weekwise_session', planted);
    expect((await replay.get('/api/me')).statusCode).toBe(401);

    // A made-up cookie value is never adopted either.
    const chosen = client();
    chosen.cookies.set('weekwise_session', 'chosen-by-the-attacker');
    await chosen.signIn('chosen@weekwise.test', web.mail, web.publicUrl);
    expect(chosen.cookies.get('weekwise_session')).not.toBe('chosen-by-the-attacker');
    const { rows } = await stack.database.pool.query('SELECT 1 FROM web_session WHERE token_hash = $1', [
      hashSecretToken('chosen-by-the-attacker'),
    ]);
    expect(rows).toHaveLength(0);
  });

  it('refuses state-changing requests without the CSRF token, or with another session’s token', async () => {
    const browser = client();
    await browser.signIn('csrf@weekwise.test', web.mail, web.publicUrl);
    const other = client();
    await other.signIn('csrf-other@weekwise.test', web.mail, web.publicUrl);
    await other.get('/api/me').then((me) => (other.csrfToken = me.json().csrfToken));

    const withoutToken = await browser.request({ method: 'POST', url: '/auth/sign-out', form: {} });
    expect(withoutToken.statusCode).toBe(403);
    const foreignToken = await browser.request({
      method: 'POST',
      url: '/auth/sign-out',
      form: { _csrf: other.csrfToken! },
    });
    expect(foreignToken.statusCode).toBe(403);
    const apiWithoutToken = await browser.request({
      method: 'POST',
      url: '/api/me/coaches',
      json: { email: 'c@x.test' },
    });
    expect(apiWithoutToken.statusCode).toBe(403);
    expect(apiWithoutToken.json().error).toMatch(/CSRF/);
    expect((await browser.get('/api/me')).statusCode).toBe(200);

    // Sent from another site: refused even with the right token.
    const me = await browser.get('/api/me');
    const crossSite = await browser.request({
      method: 'POST',
      url: '/auth/sign-out',
      form: { _csrf: me.json().csrfToken },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);

    // The sign-in form is protected too (a form cookie stands in for the session).
    const stranger = client();
    const noForm = await stranger.request({
      method: 'POST',
      url: '/auth/sign-in',
      form: { email: 'x@weekwise.test' },
    });
    expect(noForm.statusCode).toBe(403);

    const signedOut = await browser.postForm('/auth/sign-out', { _csrf: me.json().csrfToken });
    expect(signedOut.statusCode).toBe(303);
    expect((await browser.get('/api/me')).statusCode).toBe(401);
  });

  it('ends sessions after their lifetime, and slides it while they are used', async () => {
    const browser = client();
    await browser.signIn('sliding@weekwise.test', web.mail, web.publicUrl);
    try {
      web.clock.advance(SESSION_LIFETIME_MS - 3_600_000);
      expect((await browser.get('/api/me')).statusCode).toBe(200); // used: extended by another lifetime
      web.clock.advance(SESSION_LIFETIME_MS - 3_600_000);
      expect((await browser.get('/api/me')).statusCode).toBe(200);
      web.clock.advance(SESSION_LIFETIME_MS + 1000);
      expect((await browser.get('/api/me')).statusCode).toBe(401);
      const page = await browser.get('/roster');
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/?next=%2Froster');
    } finally {
      web.clock.set(new Date());
    }
  });

  it('limits sign-in requests per network address and links per email address', async () => {
    const flooder = client();
    await flooder.get('/');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      statuses.push(
        (await flooder.postForm('/auth/sign-in', { email: `flood${attempt}@weekwise.test` })).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await flooder.postForm('/auth/sign-in', { email: 'flood@weekwise.test' });
    expect(limited.body).toContain('Too many sign-in attempts');
    // No proxy is trusted: naming another address in X-Forwarded-For does not start a fresh count.
    const spoofed = await flooder.postForm(
      '/auth/sign-in',
      { email: 'flood@weekwise.test' },
      { 'x-forwarded-for': '203.0.113.77' },
    );
    expect(spoofed.statusCode).toBe(429);

    // From many addresses, one mailbox still gets at most five links an hour, and the page does not tell.
    const before = web.mail.messages.filter((message) => message.to.includes('target@weekwise.test')).length;
    for (let attempt = 0; attempt < 7; attempt++) {
      const someone = client();
      await someone.get('/');
      expect((await someone.postForm('/auth/sign-in', { email: 'target@weekwise.test' })).statusCode).toBe(
        200,
      );
    }
    await web.mail.waitForMessage(
      () =>
        web.mail.messages.filter((message) => message.to.includes('target@weekwise.test')).length >=
        before + 5,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(web.mail.messages.filter((message) => message.to.includes('target@weekwise.test'))).toHaveLength(
      5,
    );
  });

  it('sends security headers and a strict content security policy', async () => {
    const page = await client().get('/');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.body).not.toMatch(/\sstyle=/);
  });
});
