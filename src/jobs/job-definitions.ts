import { z } from 'zod';
import { defineJob } from './job-definition.ts';

/** Every job weekwise runs, in one typed list: enqueueing is type-checked against these. */

export const analyzeActivityJob = defineJob({
  name: 'analyze-activity',
  version: 1,
  queue: 'analysis',
  payload: z.object({ activityId: z.uuid() }),
  retry: { attempts: 5, backoffMs: 2_000 },
  jobId: ({ activityId }) => `analyze-${activityId}`,
});

export const recomputeAthleteJob = defineJob({
  name: 'recompute-athlete',
  version: 1,
  queue: 'analysis',
  // The change it answers (see AthleteAnalysisState): a newer change gets a new job; a job whose change
  // was already covered by an earlier recompute skips.
  payload: z.object({ athleteId: z.uuid(), changeCount: z.int().nonnegative() }),
  retry: { attempts: 5, backoffMs: 5_000 },
  jobId: ({ athleteId, changeCount }) => `recompute-${athleteId}-${changeCount}`,
});

/**
 * Provider sync jobs run on their own queue, so that a spent rate-limit window (jobs delayed until it
 * reopens) never holds up analysis. Priorities (lower first): webhook events, then recent activities, then
 * the backfill of history.
 */
export const SYNC_PRIORITY = { event: 1, recent: 2, incremental: 3, backfill: 10 } as const;

/** One page (200 activities) of a Strava backfill; the next page is queued when this one is stored. */
export const stravaBackfillPageJob = defineJob({
  name: 'strava-backfill-page',
  version: 1,
  queue: 'sync',
  payload: z.object({ connectionId: z.uuid(), page: z.int().positive() }),
  retry: { attempts: 10, backoffMs: 2_000 },
  jobId: ({ connectionId, page }) => `strava-backfill-${connectionId}-${page}`,
});

/** The samples of one stored Strava activity (one streams request). */
export const stravaStreamsJob = defineJob({
  name: 'strava-streams',
  version: 1,
  queue: 'sync',
  payload: z.object({ connectionId: z.uuid(), stravaActivityId: z.string().regex(/^\d+$/) }),
  retry: { attempts: 10, backoffMs: 2_000 },
  jobId: ({ connectionId, stravaActivityId }) => `strava-streams-${connectionId}-${stravaActivityId}`,
});

/** Activities newer than the newest one seen ("weekwise sync", and after a missed webhook). */
export const stravaIncrementalSyncJob = defineJob({
  name: 'strava-incremental-sync',
  version: 1,
  queue: 'sync',
  // One per connection and request (the CLI passes the minute it asked), so repeated asks coalesce.
  payload: z.object({ connectionId: z.uuid(), requestedAt: z.string() }),
  retry: { attempts: 10, backoffMs: 2_000 },
  // BullMQ ids may not contain ':' (its key separator): the minute is kept as digits only.
  jobId: ({ connectionId, requestedAt }) => `strava-sync-${connectionId}-${requestedAt.replace(/\D/g, '')}`,
});

/** One stored webhook event (see the provider_event inbox). */
export const stravaEventJob = defineJob({
  name: 'strava-event',
  version: 1,
  queue: 'sync',
  payload: z.object({ eventId: z.uuid() }),
  retry: { attempts: 10, backoffMs: 2_000 },
  jobId: ({ eventId }) => `strava-event-${eventId}`,
});

// --- Garmin (issue 5): Garmin pushes its data, so its jobs process notifications and ask for history. ---

/** One stored Garmin notification item (see the provider_event inbox): a summary, details, a file, … */
export const garminEventJob = defineJob({
  name: 'garmin-event',
  version: 1,
  queue: 'sync',
  payload: z.object({ eventId: z.uuid() }),
  retry: { attempts: 10, backoffMs: 2_000 },
  jobId: ({ eventId }) => `garmin-event-${eventId}`,
});

/**
 * One backfill request (at most 30 days of one summary type); Garmin answers 202 and pushes the data later,
 * or 409 for a window already asked for. Windows sit on a fixed grid, so asking again is harmless.
 */
export const garminBackfillJob = defineJob({
  name: 'garmin-backfill',
  version: 1,
  queue: 'sync',
  // One per window and request (the minute it was asked, as for Strava's sync): repeated asks within a
  // minute coalesce, a later ask (`weekwise sync`) asks again, which Garmin answers 409 where it can.
  payload: z.object({
    connectionId: z.uuid(),
    summaryType: z.enum(['activities', 'dailies']),
    startS: z.int().nonnegative(),
    endS: z.int().positive(),
    requestedAt: z.string(),
  }),
  retry: { attempts: 10, backoffMs: 2_000 },
  jobId: ({ connectionId, summaryType, startS, endS, requestedAt }) =>
    `garmin-backfill-${connectionId}-${summaryType}-${startS}-${endS}-${requestedAt.replace(/\D/g, '')}`,
});

/** One runner's weekly digest: rendered and mailed once (the digest row guards the send). */
export const sendDigestJob = defineJob({
  name: 'send-digest',
  version: 1,
  queue: 'mail',
  payload: z.object({ athleteId: z.uuid(), weekStart: z.iso.date() }),
  // An SMTP server that is down is retried for about a day (1 min, 2, 4 … 8.5 h).
  retry: { attempts: 10, backoffMs: 60_000 },
  jobId: ({ athleteId, weekStart }) => `digest-${athleteId}-${weekStart}`,
});

export const JOB_DEFINITIONS = [
  analyzeActivityJob,
  recomputeAthleteJob,
  stravaBackfillPageJob,
  stravaStreamsJob,
  stravaIncrementalSyncJob,
  stravaEventJob,
  garminEventJob,
  garminBackfillJob,
  sendDigestJob,
] as const;
