import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, RULE_SET_V1 } from '../../src/analysis/index.ts';
import { markAthleteChanged } from '../../src/athlete-analysis/mark-athlete-changed.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { buildDigestMessage } from '../../src/digest/build-digest-message.ts';
import { composeDigest } from '../../src/digest/compose-digest.ts';
import {
  DigestWeekUnavailableError,
  latestClosedWeekStart,
  loadDigestWeek,
} from '../../src/digest/load-digest-week.ts';
import type { ImportedActivity } from '../../src/domain/activity.ts';
import { formatLocalIso } from '../../src/domain/local-time.ts';
import { escapeHtml } from '../../src/http/html-page.ts';
import { DEFAULT_PHYSIOLOGY, generateSyntheticAthlete, type WeekPattern } from '../../src/synthetic/index.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable } from '../support/services.ts';
import { syntheticDigestWeek } from '../unit/digest/synthetic-digest-week.ts';

const ready = await postgresAvailable();

// The same runner as the unit tests' synthetic weeks (seed, zone, first week, physiology), stored this time.
const PATTERNS: WeekPattern[] = ['balanced', 'balanced', 'balanced', 'balanced', 'hard_packed'];
const FIRST_WEEK = '2026-08-31';
const DIGEST_WEEK = addDays(FIRST_WEEK, 7 * (PATTERNS.length - 1));
/** Tuesday after the digest's week, in Paris: the week has ended. */
const NOW = new Date('2026-10-06T10:00:00Z');
const HOSTILE = '<b>Hill</b> reps & "more"';

/** Activities' ids and JSON, without the ids that differ between the stored and the in-memory run. */
function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, item) => (key === 'activityId' ? undefined : item)));
}

describe.skipIf(!ready)('loadDigestWeek against PostgreSQL, after the analysis the worker runs', () => {
  const stack = useScratchStack();
  const athleteId = randomUUID();
  const names = new Map<string, string | null>();

  beforeAll(async () => {
    const { pool } = stack.database;
    const runner = generateSyntheticAthlete({
      seed: 11,
      weeks: PATTERNS,
      timeZone: 'Europe/Paris',
      firstWeekStart: FIRST_WEEK,
      physiology: DEFAULT_PHYSIOLOGY,
    });
    await pool.query(
      `INSERT INTO athlete (id, email, name, time_zone, sex) VALUES ($1, 'digest@example.com', 'Dana Digest', 'Europe/Paris', 'male')`,
      [athleteId],
    );
    for (const [kind, value] of [
      ['max_hr', DEFAULT_PHYSIOLOGY.maxHr],
      ['resting_hr', DEFAULT_PHYSIOLOGY.restingHr],
      ['lthr', DEFAULT_PHYSIOLOGY.lthr],
    ] as const) {
      await pool.query(
        `INSERT INTO athlete_threshold (athlete_id, kind, value, valid_from, source) VALUES ($1, $2, $3, $4, 'set')`,
        [athleteId, kind, value, FIRST_WEEK],
      );
    }
    // Stored without samples; the recompute gets them from memory, as the analysis benchmark does.
    const streams = new Map<string, ImportedActivity['streams']>();
    for (const [weekIndex, week] of runner.weeks.entries()) {
      for (const [index, session] of week.sessions.entries()) {
        const id = randomUUID();
        const { activity } = session;
        streams.set(id, activity.streams);
        const name =
          weekIndex === PATTERNS.length - 1 && index === 0 ? HOSTILE : `Session ${weekIndex}.${index}`;
        names.set(id, name);
        await pool.query(
          `INSERT INTO activity (id, athlete_id, sport, sub_sport, start_time, utc_offset_s, elapsed_time_s, moving_time_s,
             distance_m, avg_heart_rate, max_heart_rate, manual, name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            id,
            athleteId,
            activity.sport,
            activity.subSport,
            activity.startTime,
            activity.utcOffsetS,
            activity.elapsedTimeS,
            activity.movingTimeS,
            activity.distanceM,
            activity.avgHeartRate,
            activity.maxHeartRate,
            activity.manual,
            name,
          ],
        );
      }
    }
    await pool.query(
      `INSERT INTO provider_connection (athlete_id, provider, external_athlete_id, status, status_reason)
       VALUES ($1, 'strava', '4242', 'needs_reauth', 'refresh token rejected')`,
      [athleteId],
    );
    await markAthleteChanged(pool, athleteId);
    await recomputeAthleteAnalysis(stack.database, athleteId, RULE_SET_V1, NOW, {
      loadStreams: async (id) => streams.get(id) ?? null,
    });
  });

  it('loads the week the digest is about, with names, connections and eight weeks of fitness', async () => {
    expect(latestClosedWeekStart({ timeZone: 'Europe/Paris', weekStartDay: 1 }, NOW)).toBe(DIGEST_WEEK);
    const week = await loadDigestWeek(stack.database, athleteId, DIGEST_WEEK);
    expect(week).toMatchObject({
      version: 1,
      kind: 'week',
      weekStart: DIGEST_WEEK,
      weekEnd: addDays(DIGEST_WEEK, 6),
      complete: true,
      athlete: {
        id: athleteId,
        name: 'Dana Digest',
        email: 'digest@example.com',
        timeZone: 'Europe/Paris',
        weekStartDay: 1,
      },
      connections: [{ provider: 'strava', status: 'needs_reauth', reason: 'refresh token rejected' }],
    });
    const { rows } = await stack.database.pool.query<{ id: string; start_time: Date; utc_offset_s: number }>(
      `SELECT id, start_time, utc_offset_s FROM activity WHERE athlete_id = $1 AND start_time >= $2 AND start_time < $3`,
      [athleteId, `${DIGEST_WEEK}T00:00:00+02:00`, `${addDays(DIGEST_WEEK, 7)}T00:00:00+02:00`],
    );
    expect(week.sessions.map((session) => session.activityId).sort()).toEqual(
      rows.map((row) => row.id).sort(),
    );
    for (const session of week.sessions) {
      const row = rows.find((candidate) => candidate.id === session.activityId)!;
      expect(session.name).toBe(names.get(session.activityId));
      expect(session.startLocalTime).toBe(formatLocalIso(row.start_time, row.utc_offset_s).slice(11, 16));
    }
    // Eight weeks of days ending on the week's last day, the previous four weeks' loads summed from them.
    expect(week.days.at(-1)?.date).toBe(week.weekEnd);
    expect(week.days[0]!.date >= addDays(DIGEST_WEEK, -49)).toBe(true);
    expect(week.previousWeeks.map((item) => item.weekStart)).toEqual(
      [28, 21, 14, 7].map((back) => addDays(DIGEST_WEEK, -back)),
    );
    for (const previous of week.previousWeeks) {
      const sum = week.days
        .filter((day) => day.date >= previous.weekStart && day.date <= addDays(previous.weekStart, 6))
        .reduce((total, day) => total + day.load, 0);
      expect(previous.load).toBeCloseTo(sum, 6);
    }
    for (const alert of week.alerts) expect(alert.to >= DIGEST_WEEK && alert.from <= week.weekEnd).toBe(true);
    expect(JSON.parse(JSON.stringify(week))).toEqual(week);
  });

  it('says what the in-memory analysis of the same runner says', async () => {
    const stored = await loadDigestWeek(stack.database, athleteId, DIGEST_WEEK);
    const inMemory = syntheticDigestWeek({ patterns: PATTERNS, seed: 11 });
    expect(inMemory.weekStart).toBe(DIGEST_WEEK);
    expect(stored.judgement).toEqual(inMemory.judgement);
    expect(withoutIds(stored.facts)).toEqual(withoutIds(inMemory.facts));
  });

  it('composes and renders the loaded week', async () => {
    const week = await loadDigestWeek(stack.database, athleteId, DIGEST_WEEK);
    expect(week.judgement.flags).toContain('too_many_hard');
    const content = composeDigest(week, { appUrl: 'https://weekwise.example' });
    expect(content.subject).toMatch(/: too many hard sessions$/);
    expect(content.notices.map((notice) => notice.title)).toContain('Reconnect Strava');
    const message = await buildDigestMessage(week, { unsubscribeUrl: 'https://weekwise.example/u?t=1' });
    expect(message.html).toContain(escapeHtml(HOSTILE));
    expect(message.html).not.toContain('<b>Hill</b>');
    expect(message.attachments).toHaveLength(2);
  });

  it('a week the analysis saw without activity is an empty week; one it has not seen is an error', async () => {
    // The analysis ran on Tuesday 6 October: the week of 5 October is stored, with two days and no activity.
    const current = await loadDigestWeek(stack.database, athleteId, addDays(DIGEST_WEEK, 7));
    expect(current).toMatchObject({ kind: 'empty', complete: false, sessions: [] });
    // A later week has no row; the analysis is up to date, so nothing was recorded: empty as well.
    const later = await loadDigestWeek(stack.database, athleteId, addDays(DIGEST_WEEK, 14));
    expect(later).toMatchObject({ kind: 'empty', complete: true });
    expect(composeDigest(later).subject).toMatch(/no activity recorded$/);
    // New data since the analysis: a week without a row is not known yet.
    await markAthleteChanged(stack.database.pool, athleteId);
    await expect(loadDigestWeek(stack.database, athleteId, addDays(DIGEST_WEEK, 14))).rejects.toMatchObject({
      name: 'DigestWeekUnavailableError',
      reason: 'not_analysed',
    });
    // A stored week is still served meanwhile (the sender recomputes first).
    expect((await loadDigestWeek(stack.database, athleteId, DIGEST_WEEK)).kind).toBe('week');
  });

  it('refuses an unknown athlete, an athlete never analysed and a date that starts no week', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const error = await loadDigestWeek(stack.database, id, DIGEST_WEEK).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DigestWeekUnavailableError);
      expect((error as DigestWeekUnavailableError).reason).toBe('unknown_athlete');
    }
    const fresh = randomUUID();
    await stack.database.pool.query(`INSERT INTO athlete (id, email) VALUES ($1, 'fresh@example.com')`, [
      fresh,
    ]);
    await expect(loadDigestWeek(stack.database, fresh, DIGEST_WEEK)).rejects.toMatchObject({
      reason: 'not_analysed',
    });
    await expect(loadDigestWeek(stack.database, athleteId, addDays(DIGEST_WEEK, 2))).rejects.toThrow(
      RangeError,
    );
  });
});
