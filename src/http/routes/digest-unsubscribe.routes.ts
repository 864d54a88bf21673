import type { FastifyInstance } from 'fastify';
import { verifyUnsubscribeToken } from '../../digest-delivery/unsubscribe-link.ts';
import { escapeHtml, renderMessagePage } from '../html-page.ts';
import type { HttpContext } from '../http-context.ts';

/**
 * The digest's unsubscribe link. Mail clients that support one-click unsubscribe (RFC 8058) POST
 * `List-Unsubscribe=One-Click` to it; a person who clicks it gets a page with the button, so a link
 * scanner's GET never unsubscribes anybody. The same page lets them subscribe again.
 */
export function registerDigestUnsubscribeRoutes(server: FastifyInstance, context: HttpContext): void {
  const athleteOf = (token: unknown) =>
    typeof token === 'string' ? verifyUnsubscribeToken(context.providers.signer, token) : null;
  const invalid = () =>
    renderMessagePage({
      title: 'This link does not work',
      paragraphs: ['The unsubscribe link is incomplete or was altered. Use the link from the email itself.'],
      tone: 'problem',
    });

  server.get('/digest/unsubscribe', async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    const athleteId = athleteOf(token);
    if (!athleteId) return reply.code(400).type('text/html').send(invalid());
    const athlete = await context.db.prisma.athlete.findUnique({ where: { id: athleteId } });
    if (!athlete) return reply.code(404).type('text/html').send(invalid());
    return reply.type('text/html').send(choicePage(String(token), athlete.email, athlete.digestEnabled));
  });

  server.post('/digest/unsubscribe', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const query = request.query as Record<string, unknown>;
    const token = query.token ?? body.token;
    const athleteId = athleteOf(token);
    if (!athleteId) return reply.code(400).type('text/html').send(invalid());
    const subscribe = body.action === 'resubscribe';
    const updated = await context.db.pool.query(
      'UPDATE athlete SET digest_enabled = $2, updated_at = now() WHERE id = $1',
      [athleteId, subscribe],
    );
    if (!updated.rowCount) return reply.code(404).type('text/html').send(invalid());
    request.log.info({ athleteId, digestEnabled: subscribe }, 'digest subscription changed');
    const { rows } = await context.db.pool.query<{ email: string }>(
      'SELECT email FROM athlete WHERE id = $1',
      [athleteId],
    );
    return reply.type('text/html').send(choicePage(String(token), rows[0]!.email, subscribe));
  });
}

function choicePage(token: string, email: string, subscribed: boolean): string {
  const action = subscribed ? 'unsubscribe' : 'resubscribe';
  const button = subscribed ? 'Stop the weekly digest' : 'Send me the weekly digest again';
  const page = renderMessagePage({
    title: subscribed ? 'Your weekly digest' : 'You will not get the weekly digest',
    paragraphs: [
      subscribed
        ? `${email} gets the weekly balance digest every week.`
        : `${email} no longer gets the weekly balance digest. Your data and weeks stay in weekwise.`,
    ],
    tone: subscribed ? 'ok' : 'problem',
  });
  const form = `<form method="post" action="/digest/unsubscribe">
<input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="action" value="${action}">
<button type="submit" style="font-size:1rem;padding:.6rem 1rem">${escapeHtml(button)}</button></form>`;
  return page.replace('</body>', `${form}\n</body>`);
}
