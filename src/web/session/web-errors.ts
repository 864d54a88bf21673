import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { renderMessagePage } from '../pages/message.page.ts';

/** An error whose message the person may read: the status and sentence go out as they are. */
export class WebError extends Error {
  override name = 'WebError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * One error answer for the web: JSON `{ error }` for the API, a readable page for the browser. Messages
 * of 4xx errors are ours (or Fastify's validation, rate limit) and shown; a 5xx says only that it failed.
 */
export function sendWebError(
  error: FastifyError | WebError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) request.log.error({ err: error, path: request.url.split('?')[0] }, 'web request failed');
  const message = status >= 500 ? 'Something went wrong on our side. Try again in a moment.' : error.message;
  if (isApiRequest(request)) return reply.code(status).send({ error: message });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(renderMessagePage({ title: titleFor(status), message, viewer: request.viewer ?? null }));
}

function titleFor(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 403) return 'Not allowed';
  if (status === 429) return 'Too many attempts';
  if (status >= 500) return 'Something went wrong';
  return 'That did not work';
}
