import type { FastifyInstance } from 'fastify';
import { addDays, type LocalDate } from '../../analysis/index.ts';
import { daysBetween } from '../../analysis/local-week.ts';
import { requireAthleteAccess, requireViewer } from '../access/require-access.ts';
import { loadWebActivities } from '../read-models/athlete-activities.ts';
import { athleteToday } from '../read-models/athlete-card.ts';
import { loadAthleteOverview } from '../read-models/athlete-overview.ts';
import { loadWebWeeks } from '../read-models/athlete-weeks.ts';
import { loadFatigueToDate } from '../read-models/fatigue-to-date.ts';
import { WebError } from '../session/web-errors.ts';
import type { WebContext } from '../web-context.ts';
import {
  activitySchema,
  athleteIdParams,
  errorSchema,
  fatigueDaySchema,
  localDateSchema,
  overviewSchema,
  sessionSecurity,
  weekSchema,
} from './api-schemas.ts';

/** Half a year of daily figures unless asked otherwise; at most three years in one answer. */
const DEFAULT_FATIGUE_DAYS = 182;
const MAX_FATIGUE_DAYS = 3 * 366;

const notFound = { 401: errorSchema, 404: errorSchema };

export function registerAthleteApi(app: FastifyInstance, context: WebContext): void {
  app.get<{ Params: { id: string } }>(
    '/api/athletes/:id',
    {
      schema: {
        tags: ['athletes'],
        summary: "One athlete at a glance (as a roster entry): today's figures, last week, alerts, risk",
        security: sessionSecurity,
        params: athleteIdParams,
        response: { 200: overviewSchema, ...notFound },
      },
    },
    async (request) => {
      const { athlete } = await requireAthleteAccess(context, requireViewer(request), request.params.id);
      return loadAthleteOverview(context.db.pool, athlete, context.clock.now());
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: LocalDate; to?: LocalDate } }>(
    '/api/athletes/:id/fatigue',
    {
      schema: {
        tags: ['athletes'],
        summary: 'Daily load, CTL, ATL, TSB, ramp rate, ACWR, monotony and strain',
        description: `Dates on the athlete's calendar; by default the last ${DEFAULT_FATIGUE_DAYS} days to today.`,
        security: sessionSecurity,
        params: athleteIdParams,
        querystring: { type: 'object', properties: { from: localDateSchema, to: localDateSchema } },
        response: {
          200: {
            type: 'object',
            properties: {
              from: localDateSchema,
              to: localDateSchema,
              days: { type: 'array', items: fatigueDaySchema },
            },
            required: ['from', 'to', 'days'],
          },
          400: errorSchema,
          ...notFound,
        },
      },
    },
    async (request) => {
      const { athlete } = await requireAthleteAccess(context, requireViewer(request), request.params.id);
      const today = athleteToday(athlete, context.clock.now());
      const to = realDate(request.query.to) ?? today;
      const from = realDate(request.query.from) ?? addDays(to, -(DEFAULT_FATIGUE_DAYS - 1));
      const span = daysBetween(from, to);
      if (span < 0) throw new WebError(400, 'from must not be after to.');
      if (span > MAX_FATIGUE_DAYS)
        throw new WebError(400, `Ask for at most ${MAX_FATIGUE_DAYS} days at a time.`);
      const series = await loadFatigueToDate(context.db.pool, athlete.id, today);
      const days = series
        .filter((day) => day.date >= from && day.date <= to)
        .map((day) => ({
          date: day.date,
          load: round(day.load, 1),
          ctl: round(day.ctl, 1),
          atl: round(day.atl, 1),
          tsb: round(day.tsb, 1),
          rampRate: nullableRound(day.rampRate, 1),
          acwr: nullableRound(day.acwr, 2),
          monotony: nullableRound(day.monotony, 2),
          strain: nullableRound(day.strain, 0),
        }));
      return { from, to, days };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { limit?: number } }>(
    '/api/athletes/:id/weeks',
    {
      schema: {
        tags: ['athletes'],
        summary: 'Training weeks, oldest first, with verdicts, zone shares and the evidence of each rule',
        security: sessionSecurity,
        params: athleteIdParams,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 260, default: 26 } },
        },
        response: {
          200: {
            type: 'object',
            properties: { weeks: { type: 'array', items: weekSchema } },
            required: ['weeks'],
          },
          ...notFound,
        },
      },
    },
    async (request) => {
      const { athlete } = await requireAthleteAccess(context, requireViewer(request), request.params.id);
      return { weeks: await loadWebWeeks(context.db.pool, athlete.id, request.query.limit ?? 26) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: LocalDate; to?: LocalDate; limit?: number } }>(
    '/api/athletes/:id/activities',
    {
      schema: {
        tags: ['athletes'],
        summary: 'Activities, newest first, with their analysis',
        description:
          'The runner sees all of theirs. A coach does not see activities that came from Strava alone ' +
          "(Strava's terms: a user's Strava data is shown to that user only); their load still counts in the " +
          'weeks and fatigue figures. An activity also recorded from a FIT file or Garmin is listed, without ' +
          "Strava's title.",
        security: sessionSecurity,
        params: athleteIdParams,
        querystring: {
          type: 'object',
          properties: {
            from: localDateSchema,
            to: localDateSchema,
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              activities: { type: 'array', items: activitySchema },
              stravaOnlyHidden: {
                type: 'boolean',
                description: 'true for a coach: activities that came from Strava alone are not listed',
              },
            },
            required: ['activities', 'stravaOnlyHidden'],
          },
          ...notFound,
        },
      },
    },
    async (request) => {
      const { role, athlete } = await requireAthleteAccess(
        context,
        requireViewer(request),
        request.params.id,
      );
      const activities = await loadWebActivities(context.db.pool, athlete.id, role, {
        from: realDate(request.query.from),
        to: realDate(request.query.to),
        limit: request.query.limit ?? 50,
      });
      return { activities, stravaOnlyHidden: role === 'coach' };
    },
  );
}

/** The date when given (undefined: not given); 2026-02-31 and the like are refused, not rolled over. */
function realDate(date: LocalDate | undefined): LocalDate | undefined {
  if (date === undefined) return undefined;
  let same = false;
  try {
    same = addDays(date, 0) === date;
  } catch {
    // not a date at all: refused below
  }
  if (!same) throw new WebError(400, `${date} is not a date (YYYY-MM-DD).`);
  return date;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function nullableRound(value: number | null, digits: number): number | null {
  return value === null ? null : round(value, digits);
}
