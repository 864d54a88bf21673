import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAthleteAccess, requireOwnAthlete } from '../access/require-access.ts';
import { coachedAthleteIds } from '../access/viewer-role.ts';
import type { Viewer } from '../accounts/web-session.store.ts';
import { acceptInvitationAs, inviteCoachByEmail } from '../api/coaches.api.ts';
import { findInvitation, listCoachGrants, revokeCoachGrant } from '../consent/coach-access.store.ts';
import { loadWebActivities } from '../read-models/athlete-activities.ts';
import { loadAthleteOverview } from '../read-models/athlete-overview.ts';
import { loadWebWeeks } from '../read-models/athlete-weeks.ts';
import { loadRoster } from '../read-models/roster.ts';
import { csrfTokenForPage } from '../session/viewer-hooks.ts';
import type { WebCookies } from '../session/web-cookies.ts';
import { WebError } from '../session/web-errors.ts';
import type { WebContext } from '../web-context.ts';
import { renderAthletePage } from './athlete.page.ts';
import { renderInvitationPage } from './invitation.page.ts';
import { renderMessagePage } from './message.page.ts';
import { renderRosterPage } from './roster.page.ts';

/** Fixed sentences for the outcomes a redirect reports (the query names one; nothing is echoed back). */
const NOTICES = {
  invited: { text: 'Invitation sent. Your coach sees your training once they accept.', tone: 'ok' },
  'invited-not-mailed': {
    text: 'Invitation saved, but no email could be sent: weekwise has no mail server configured.',
    tone: 'problem',
  },
  revoked: { text: 'Done: that coach can no longer see your training.', tone: 'ok' },
} as const;

const WEEKS_SHOWN = 12;
const ACTIVITIES_SHOWN = 20;

/** The dashboard's pages: everything behind sign-in, every athlete behind the access rules. */
export function registerPageRoutes(app: FastifyInstance, context: WebContext, cookies: WebCookies): void {
  const hidden = { schema: { hide: true } };
  const page = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  /** The viewer, or null after answering with a redirect to sign-in that comes back here. */
  const signedIn = (request: FastifyRequest, reply: FastifyReply): Viewer | null => {
    if (request.viewer) return request.viewer;
    void reply.redirect(`/?${new URLSearchParams({ next: request.url })}`, 303);
    return null;
  };

  app.get('/dashboard', hidden, async (request, reply) => {
    const viewer = signedIn(request, reply);
    if (!viewer) return reply;
    // A runner nobody has asked to coach lands on their own training; anyone else on the roster.
    if (viewer.athleteId && !(await coachedAthleteIds(context.db.pool, viewer)).length) {
      return reply.redirect(`/athletes/${viewer.athleteId}`, 303);
    }
    return reply.redirect('/roster', 303);
  });

  app.get('/roster', hidden, async (request, reply) => {
    const viewer = signedIn(request, reply);
    if (!viewer) return reply;
    const roster = await loadRoster(context.db.pool, viewer, context.clock.now());
    const csrfToken = csrfTokenForPage(request, reply, context, cookies);
    return page(reply, renderRosterPage({ viewer, csrfToken, roster }));
  });

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>(
    '/athletes/:id',
    hidden,
    async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const { role, athlete } = await requireAthleteAccess(context, viewer, request.params.id);
      const now = context.clock.now();
      const [overview, weeks, activities, coaches] = await Promise.all([
        loadAthleteOverview(context.db.pool, athlete, now),
        loadWebWeeks(context.db.pool, athlete.id, WEEKS_SHOWN),
        loadWebActivities(context.db.pool, athlete.id, role, { limit: ACTIVITIES_SHOWN }),
        role === 'self' ? listCoachGrants(context.db.prisma, athlete.id) : Promise.resolve(null),
      ]);
      const notice = NOTICES[request.query.notice as keyof typeof NOTICES] ?? null;
      const csrfToken = csrfTokenForPage(request, reply, context, cookies);
      return page(
        reply,
        renderAthletePage({
          viewer,
          csrfToken,
          role,
          overview,
          weeks: weeks.reverse(),
          activities,
          coaches,
          notice,
        }),
      );
    },
  );

  app.post<{ Body: { email?: string } }>('/me/coaches', hidden, async (request, reply) => {
    const viewer = signedIn(request, reply);
    if (!viewer) return reply;
    const athleteId = requireOwnAthlete(viewer);
    const { emailed } = await inviteCoachByEmail(context, viewer, request.body?.email);
    return reply.redirect(
      `/athletes/${athleteId}?notice=${emailed ? 'invited' : 'invited-not-mailed'}#coaches`,
      303,
    );
  });

  app.post<{ Params: { id: string } }>('/me/coaches/:id/revoke', hidden, async (request, reply) => {
    const viewer = signedIn(request, reply);
    if (!viewer) return reply;
    const athleteId = requireOwnAthlete(viewer);
    if (!/^[0-9a-f-]{36}$/i.test(request.params.id)) throw new WebError(404, 'No such coach.');
    await revokeCoachGrant(context.db.prisma, {
      athleteId,
      grantId: request.params.id,
      now: context.clock.now(),
    });
    return reply.redirect(`/athletes/${athleteId}?notice=revoked#coaches`, 303);
  });

  app.get<{ Querystring: { token?: string } }>('/invitations', hidden, async (request, reply) => {
    const token = request.query.token ?? '';
    const invitation = token ? await findInvitation(context.db.prisma, token, context.clock.now()) : null;
    const csrfToken = csrfTokenForPage(request, reply, context, cookies);
    if (!invitation?.usable) {
      return page(
        reply,
        renderMessagePage({
          title: 'This invitation cannot be used',
          message: invitation
            ? 'It was already accepted, withdrawn by the runner, or has expired (after 14 days). Ask the runner to invite you again.'
            : 'This invitation link is not valid. Use the link from the email itself.',
          viewer: request.viewer,
          csrfToken,
        }),
        invitation ? 410 : 404,
      );
    }
    return page(
      reply,
      renderInvitationPage({
        viewer: request.viewer,
        csrfToken,
        token,
        runnerName: invitation.runnerName,
        coachEmail: invitation.coachEmail,
      }),
    );
  });

  app.post<{ Body: { token?: string } }>('/invitations/accept', hidden, async (request, reply) => {
    const viewer = signedIn(request, reply);
    if (!viewer) return reply;
    const athleteId = await acceptInvitationAs(context, viewer, request.body?.token);
    return reply.redirect(`/athletes/${athleteId}`, 303);
  });
}
