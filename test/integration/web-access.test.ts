import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/analysis/index.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import type { Athlete } from '../../src/generated/prisma/client.ts';
import { viewerRole } from '../../src/web/access/viewer-role.ts';
import { createDemoCoach } from '../../src/web/demo-coach.ts';
import type { AthleteOverview } from '../../src/web/read-models/athlete-overview.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { createTempDir, postgresAvailable } from '../support/services.ts';
import { linkIn } from '../support/smtp-capture.ts';
import { WebClient } from '../support/web-client.ts';
import { seedAnalysedAthlete, storeStravaActivity } from '../support/web-fixtures.ts';
import { startWebServer, type WebServer } from '../support/web-server.ts';

const hasPostgres = await postgresAvailable();

/**
 * Every access rule of the web against real analysed data: who may read which athlete, what a coach
 * sees of Strava data, and that revoking access ends it on the very next request.
 */
describe.skipIf(!hasPostgres)('web access rules: consent, roles and Strava data', () => {
  const stack = useScratchStack();
  const dir = createTempDir();
  let web: WebServer;
  let spiky: Athlete; // invites the coach through the API
  let steady: Athlete; // gives the coach access through the demo helper
  let stranger: Athlete; // never invites anybody
  const runner = () => new WebClient(web.server);
  let spikyRunner: WebClient;
  let steadyRunner: WebClient;
  let coach: WebClient;
  let otherCoach: WebClient;
  let grantId = '';
  let stravaOnlyId = '';
  let linkedId = '';

  beforeAll(async () => {
    web = await startWebServer(stack);
    const now = new Date();
    spiky = await seedAnalysedAthlete(stack.database, {
      email: 'spiky@weekwise.test',
      name: 'Sam Spiky',
      weeks: ['balanced', 'balanced', 'balanced', 'rest', 'hard_packed', 'load_spike'],
      seed: 11,
      now,
      dir: dir.path,
    });
    steady = await seedAnalysedAthlete(stack.database, {
      email: 'steady@weekwise.test',
      name: 'Alex Steady',
      weeks: ['balanced', 'balanced', 'balanced', 'balanced', 'balanced', 'balanced'],
      seed: 12,
      now,
      dir: dir.path,
    });
    stranger = await seedAnalysedAthlete(stack.database, {
      email: 'stranger@weekwise.test',
      name: 'Robin Stranger',
      weeks: ['balanced', 'balanced'],
      seed: 13,
      now,
      dir: dir.path,
    });
    // One run only Strava delivered, and the Strava copy of a run also imported from its FIT file.
    const fitRun = await stack.database.prisma.activity.findFirstOrThrow({
      where: { athleteId: spiky.id, sport: 'running' },
      orderBy: { startTime: 'desc' },
    });
    stravaOnlyId = (
      await storeStravaActivity(stack.database, spiky.id, {
        externalId: '9001',
        name: 'Secret Strava run',
        startTime: new Date(Date.now() - 2 * 86_400_000),
      })
    ).activityId;
    const linked = await storeStravaActivity(stack.database, spiky.id, {
      externalId: '9002',
      name: 'Strava title of a FIT run',
      startTime: fitRun.startTime,
      sameAs: fitRun.id,
    });
    expect(linked).toEqual({ activityId: fitRun.id, linked: true });
    linkedId = fitRun.id;

    spikyRunner = runner();
    steadyRunner = runner();
    coach = runner();
    otherCoach = runner();
    await spikyRunner.signIn('spiky@weekwise.test', web.mail, web.publicUrl);
    await steadyRunner.signIn('steady@weekwise.test', web.mail, web.publicUrl);
    await coach.signIn('coach@weekwise.test', web.mail, web.publicUrl);
    await otherCoach.signIn('other.coach@weekwise.test', web.mail, web.publicUrl);
    const coachUser = await stack.database.prisma.user.findUniqueOrThrow({
      where: { email: 'coach@weekwise.test' },
    });
    await createDemoCoach(stack.database, { coachEmail: 'Coach@weekwise.test', athleteIds: [steady.id] });
    expect(
      (await stack.database.prisma.user.findUniqueOrThrow({ where: { email: 'coach@weekwise.test' } })).id,
    ).toBe(coachUser.id);
  }, 240_000);

  afterAll(async () => {
    await web?.close();
    dir.remove();
  });

  it('lets a runner invite a coach, who accepts only while signed in with the invited address', async () => {
    expect(
      (await spikyRunner.api('POST', '/api/me/coaches', { email: 'spiky@weekwise.test' })).statusCode,
    ).toBe(400);
    const invited = await spikyRunner.api('POST', '/api/me/coaches', { email: 'Coach@Weekwise.test' });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({
      coach: { coachEmail: 'coach@weekwise.test', status: 'invited' },
      emailed: true,
    });
    grantId = invited.json().coach.id;
    const mail = await web.mail.waitForMessage((message) =>
      message.subject.includes('Sam Spiky invites you'),
    );
    expect(mail.to).toEqual(['coach@weekwise.test']);
    const link = linkIn(mail, `${web.publicUrl}/invitations`);
    const token = new URL(link).searchParams.get('token')!;

    // Invited is not yet access.
    expect((await coach.get(`/api/athletes/${spiky.id}/weeks`)).statusCode).toBe(404);
    // Another coach who got hold of the link cannot take it.
    const stolen = await otherCoach.api('POST', '/api/invitations/accept', { token });
    expect(stolen.statusCode).toBe(403);
    expect((await otherCoach.get(`/api/athletes/${spiky.id}`)).statusCode).toBe(404);

    const page = await coach.get(link.slice(web.publicUrl.length));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sam Spiky invites you');
    const accepted = await coach.api('POST', '/api/invitations/accept', { token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ athleteId: spiky.id });
    expect((await coach.api('POST', '/api/invitations/accept', { token })).statusCode).toBe(404);
    const coaches = await spikyRunner.get('/api/me/coaches');
    expect(coaches.json().coaches).toEqual([expect.objectContaining({ id: grantId, status: 'active' })]);
  });

  it('shows a coach a roster of the athletes who granted access, riskiest first, with figures to today', async () => {
    const response = await coach.get('/api/roster');
    expect(response.statusCode).toBe(200);
    const athletes = response.json().athletes as AthleteOverview[];
    expect(athletes.map((athlete) => athlete.athleteId).sort()).toEqual([spiky.id, steady.id].sort());
    const scores = athletes.map((athlete) => athlete.risk.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const athlete of athletes) {
      expect(athlete.current).toMatchObject({
        ctl: expect.any(Number),
        atl: expect.any(Number),
        tsb: expect.any(Number),
      });
      expect(athlete.current!.date).toBe(athlete.today);
      expect(athlete.trend.length).toBeGreaterThanOrEqual(40);
      expect(athlete.trend.at(-1)!.date).toBe(athlete.today);
      expect(athlete.lastWeek).toMatchObject({ verdict: expect.any(String), confidence: expect.any(String) });
      expect(athlete.lastWeek!.weekStart < athlete.today).toBe(true);
      for (const alert of athlete.alerts) expect(alert.evidence.length).toBeGreaterThan(10);
    }
    // The load-spike week comes last for Sam: the spike must show in the risk, above the steady runner.
    const spikyEntry = athletes.find((athlete) => athlete.athleteId === spiky.id)!;
    const steadyEntry = athletes.find((athlete) => athlete.athleteId === steady.id)!;
    expect(spikyEntry.risk.score).toBeGreaterThan(steadyEntry.risk.score);
    expect(athletes[0]!.athleteId).toBe(spiky.id);
    expect((await otherCoach.get('/api/roster')).json().athletes).toEqual([]);
  });

  it('answers 404 for an athlete the viewer may not see, whatever the id', async () => {
    for (const id of [stranger.id, randomUUID(), 'not-a-uuid', "1' OR '1'='1"]) {
      for (const path of ['', '/fatigue', '/weeks', '/activities']) {
        const response = await coach.get(`/api/athletes/${encodeURIComponent(id)}${path}`);
        expect(response.statusCode, `${id}${path}`).toBe(404);
        expect(response.json()).toEqual({ error: 'No such athlete.' });
      }
    }
    const page = await coach.get(`/athletes/${stranger.id}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Robin Stranger');
    // A runner cannot read another runner either, nor be anybody's coach by guessing.
    expect((await steadyRunner.get(`/api/athletes/${spiky.id}/weeks`)).statusCode).toBe(404);
    expect((await otherCoach.get(`/api/athletes/${steady.id}/fatigue`)).statusCode).toBe(404);
    // Signed out: 401 from the API, a redirect to sign-in from the pages.
    expect((await runner().get(`/api/athletes/${spiky.id}`)).statusCode).toBe(401);
    expect((await runner().get(`/athletes/${spiky.id}`)).headers.location).toBe(
      `/?next=%2Fathletes%2F${spiky.id}`,
    );
    const coachUser = await stack.database.prisma.user.findUniqueOrThrow({
      where: { email: 'coach@weekwise.test' },
    });
    expect(
      await viewerRole(stack.database.pool, { userId: coachUser.id, athleteId: null }, stranger.id),
    ).toBeNull();
    expect(await viewerRole(stack.database.pool, { userId: coachUser.id, athleteId: null }, spiky.id)).toBe(
      'coach',
    );
  });

  it('never returns Strava-only activities to a coach, while the runner sees them', async () => {
    const own = await spikyRunner.get(`/api/athletes/${spiky.id}/activities?limit=500`);
    const ownIds = own.json().activities.map((activity: { id: string }) => activity.id);
    expect(ownIds).toContain(stravaOnlyId);
    expect(
      own.json().activities.find((activity: { id: string }) => activity.id === stravaOnlyId),
    ).toMatchObject({
      name: 'Secret Strava run',
      sources: ['strava'],
    });

    const coached = await coach.get(`/api/athletes/${spiky.id}/activities?limit=500`);
    expect(coached.statusCode).toBe(200);
    const coachedIds = coached.json().activities.map((activity: { id: string }) => activity.id);
    expect(coachedIds).not.toContain(stravaOnlyId);
    expect(coached.body).not.toContain('Secret Strava run');
    expect(coached.json().stravaOnlyHidden).toBe(true);
    // Everything else the runner sees, the coach sees too; the FIT run keeps its place, without Strava's title.
    expect(coachedIds.sort()).toEqual(ownIds.filter((id: string) => id !== stravaOnlyId).sort());
    const linked = coached.json().activities.find((activity: { id: string }) => activity.id === linkedId);
    expect(linked.sources.sort()).toEqual(['fit_file', 'strava']);
    expect(linked.name).toBeNull();
    expect(coached.body).not.toContain('Strava title of a FIT run');

    // The pages follow the same rule.
    const ownPage = await spikyRunner.get(`/athletes/${spiky.id}`);
    expect(ownPage.body).toContain('Secret Strava run');
    const coachPage = await coach.get(`/athletes/${spiky.id}`);
    expect(coachPage.statusCode).toBe(200);
    expect(coachPage.body).toContain('Sam Spiky');
    expect(coachPage.body).not.toContain('Secret Strava run');
    expect(coachPage.body).not.toContain('Strava title of a FIT run');
    expect(coachPage.body).not.toContain('My coaches');

    // Its load still counts in the derived figures a coach may see.
    const fatigue = await coach.get(`/api/athletes/${spiky.id}/fatigue`);
    const stravaDay = own
      .json()
      .activities.find((activity: { id: string }) => activity.id === stravaOnlyId).localDate;
    expect(fatigue.json().days.find((day: { date: string }) => day.date === stravaDay).load).toBeGreaterThan(
      0,
    );
  });

  it('serves daily fatigue carried on to today, and weeks with verdicts and zone shares', async () => {
    const fatigue = await coach.get(`/api/athletes/${steady.id}/fatigue`);
    const { days, to } = fatigue.json();
    expect(days.at(-1).date).toBe(to);
    // Every day from the first analysed one (six weeks ago; at most 182 days back) to today, in order.
    expect(days.length).toBeGreaterThanOrEqual(42);
    expect(days.length).toBeLessThanOrEqual(182);
    days.forEach((day: { date: string }, index: number) => {
      if (index) expect(day.date).toBe(addDays(days[index - 1].date, 1));
    });
    const ranged = await coach.get(`/api/athletes/${steady.id}/fatigue?from=${addDays(to, -9)}&to=${to}`);
    expect(ranged.json().days).toHaveLength(10);
    expect(
      (await coach.get(`/api/athletes/${steady.id}/fatigue?from=${to}&to=${addDays(to, -1)}`)).statusCode,
    ).toBe(400);
    expect((await coach.get(`/api/athletes/${steady.id}/fatigue?from=2026-02-31`)).statusCode).toBe(400);

    // Ten days later, with no training in between, fitness and fatigue have decayed: not frozen figures.
    const before = (await coach.get(`/api/athletes/${steady.id}`)).json().current;
    web.clock.advance(10 * 86_400_000);
    try {
      const later = (await coach.get(`/api/athletes/${steady.id}`)).json().current;
      expect(later.date).toBe(addDays(before.date, 10));
      expect(later.ctl).toBeLessThan(before.ctl);
      expect(later.atl).toBeLessThan(before.atl);
    } finally {
      web.clock.set(new Date());
    }

    const weeks = (await coach.get(`/api/athletes/${steady.id}/weeks`)).json().weeks;
    expect(weeks.length).toBeGreaterThanOrEqual(6);
    const judged = weeks.filter((week: { runCount: number }) => week.runCount > 0);
    expect(judged.length).toBeGreaterThanOrEqual(6);
    for (const week of judged) {
      expect(week.verdict).toEqual(expect.any(String));
      const { easy, grey, high } = week.zoneShares;
      expect(easy + grey + high).toBeCloseTo(1, 2);
      expect(week.rules.length).toBeGreaterThan(0);
    }
    // Weeks carry no per-run list: a coach would otherwise see Strava activities by another name.
    const spikyWeeks = await coach.get(`/api/athletes/${spiky.id}/weeks`);
    expect(spikyWeeks.body).not.toContain(stravaOnlyId);
  });

  it('ends a coach’s access on the next request once the runner revokes it', async () => {
    expect((await coach.get(`/api/athletes/${spiky.id}/weeks`)).statusCode).toBe(200);
    // Nobody else can revoke the runner's grant.
    expect((await steadyRunner.api('DELETE', `/api/me/coaches/${grantId}`)).statusCode).toBe(404);
    expect((await coach.api('DELETE', `/api/me/coaches/${grantId}`)).statusCode).toBe(404);

    const revoked = await spikyRunner.api('DELETE', `/api/me/coaches/${grantId}`);
    expect(revoked.statusCode).toBe(204);
    for (const path of ['', '/fatigue', '/weeks', '/activities']) {
      expect((await coach.get(`/api/athletes/${spiky.id}${path}`)).statusCode).toBe(404);
    }
    expect((await coach.get(`/athletes/${spiky.id}`)).statusCode).toBe(404);
    const roster = (await coach.get('/api/roster')).json().athletes;
    expect(roster.map((athlete: { athleteId: string }) => athlete.athleteId)).toEqual([steady.id]);
    expect((await spikyRunner.api('DELETE', `/api/me/coaches/${grantId}`)).statusCode).toBe(204);
    expect((await spikyRunner.get('/api/me/coaches')).json().coaches[0]).toMatchObject({ status: 'revoked' });

    // Invited again, the coach needs the new invitation: the old link stays dead.
    const again = await spikyRunner.api('POST', '/api/me/coaches', { email: 'coach@weekwise.test' });
    expect(again.statusCode).toBe(201);
    expect((await coach.get(`/api/athletes/${spiky.id}`)).statusCode).toBe(404);
  });

  it('keeps the runner’s own routes for runners, and the documentation public', async () => {
    expect((await coach.get('/api/me/coaches')).statusCode).toBe(404);
    expect((await coach.api('POST', '/api/me/coaches', { email: 'x@weekwise.test' })).statusCode).toBe(404);
    const docs = await runner().get('/docs/json');
    expect(docs.statusCode).toBe(200);
    const paths = Object.keys(docs.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/me',
        '/api/roster',
        '/api/athletes/{id}/fatigue',
        '/api/athletes/{id}/weeks',
        '/api/athletes/{id}/activities',
        '/api/me/coaches',
        '/api/me/coaches/{id}',
        '/api/invitations/accept',
      ]),
    );
    expect(paths.filter((path) => !path.startsWith('/api/'))).toEqual([]);
    expect(stranger.id).toBeTruthy();
    expect(await findOrCreateAthlete(stack.database.prisma, 'stranger@weekwise.test')).toMatchObject({
      id: stranger.id,
    });
  });
});
