import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../accounts/web-session.store.ts';
import { type AthleteCard, loadAthleteCard } from '../read-models/athlete-card.ts';
import { WebError } from '../session/web-errors.ts';
import type { WebContext } from '../web-context.ts';
import { type ViewerRole, viewerRole } from './viewer-role.ts';

/** The signed-in viewer, or a 401 (the API) — pages redirect to sign-in before they get here. */
export function requireViewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new WebError(401, 'Sign in first.');
  return request.viewer;
}

/**
 * The guard every athlete route goes through: who the viewer is to this athlete, checked against the
 * database now. An athlete the viewer may not see, and one that does not exist, get the same 404.
 */
export async function requireAthleteAccess(
  context: WebContext,
  viewer: Viewer,
  athleteId: string,
): Promise<{ role: ViewerRole; athlete: AthleteCard }> {
  const role = await viewerRole(context.db.pool, viewer, athleteId);
  const athlete = role ? await loadAthleteCard(context.db.pool, athleteId) : null;
  if (!role || !athlete) throw new WebError(404, 'No such athlete.');
  return { role, athlete };
}

/** The viewer's own athlete, for the runner's routes (their coaches); a coach-only account has none. */
export function requireOwnAthlete(viewer: Viewer): string {
  if (!viewer.athleteId) {
    throw new WebError(404, 'Your account has no training data of its own: only runners invite coaches.');
  }
  return viewer.athleteId;
}
