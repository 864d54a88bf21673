import { join } from 'node:path';
import { addDays, localDateAt, RULE_SET_V1, weekStartOf } from '../../src/analysis/index.ts';
import { markAthleteChanged } from '../../src/athlete-analysis/mark-athlete-changed.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { updateAthleteSettings } from '../../src/athletes/update-athlete-settings.ts';
import type { Database } from '../../src/db/database.ts';
import { inTransaction } from '../../src/db/in-transaction.ts';
import { zoneOffsetSeconds } from '../../src/domain/local-time.ts';
import type { Athlete } from '../../src/generated/prisma/client.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { upsertProviderActivity } from '../../src/ingest/provider-activity.store.ts';
import { DEFAULT_PHYSIOLOGY, type WeekPattern, writeSyntheticFitFolder } from '../../src/synthetic/index.ts';
import { silentLogger } from './test-logger.ts';

/**
 * A synthetic runner whose weeks end last week (as the demo's do): FIT files written, imported and
 * analysed, so the web has real weeks, days, alerts and activities to show. Samples every 5 s keep it
 * quick; the analysis does not need 1 Hz for these tests.
 */
export async function seedAnalysedAthlete(
  db: Database,
  options: {
    email: string;
    name: string;
    weeks: readonly WeekPattern[];
    seed: number;
    now: Date;
    dir: string;
  },
): Promise<Athlete> {
  const timeZone = 'Europe/Paris';
  const today = localDateAt(options.now, zoneOffsetSeconds(timeZone, options.now));
  const firstWeekStart = addDays(weekStartOf(today, 1), -7 * options.weeks.length);
  const folder = join(options.dir, `fit-${options.seed}`);
  await writeSyntheticFitFolder(folder, {
    weeks: options.weeks,
    seed: options.seed,
    timeZone,
    firstWeekStart,
    physiology: DEFAULT_PHYSIOLOGY,
    sampleIntervalS: 5,
  });
  const athlete = await findOrCreateAthlete(db.prisma, options.email);
  await db.prisma.athlete.update({ where: { id: athlete.id }, data: { name: options.name } });
  await updateAthleteSettings(db.prisma, athlete, {
    sex: DEFAULT_PHYSIOLOGY.sex === 'female' ? 'female' : 'male',
    timeZone,
    weekStart: 'monday',
    maxHr: DEFAULT_PHYSIOLOGY.maxHr,
    restingHr: DEFAULT_PHYSIOLOGY.restingHr,
    lthr: DEFAULT_PHYSIOLOGY.lthr,
    validFrom: firstWeekStart,
  });
  const profile = await db.prisma.athlete.findUniqueOrThrow({ where: { id: athlete.id } });
  await importFitFiles([folder], { db, athlete: profile, logger: silentLogger });
  await recomputeAthleteAnalysis(db, athlete.id, RULE_SET_V1, options.now);
  return profile;
}

/**
 * An activity as the Strava importer stores it (a summary, no samples). With `sameAs`, it is the Strava
 * copy of an activity already stored from a FIT file: the same session, so it joins that activity as a
 * second source instead of becoming a new one.
 */
export async function storeStravaActivity(
  db: Database,
  athleteId: string,
  options: { externalId: string; name: string; startTime: Date; sameAs?: string },
): Promise<{ activityId: string; linked: boolean }> {
  const outline = options.sameAs
    ? await db.prisma.activity.findUniqueOrThrow({ where: { id: options.sameAs } })
    : null;
  const stored = await inTransaction(db.pool, async (client) => {
    const result = await upsertProviderActivity(client, {
      athleteId,
      provider: 'strava',
      externalId: options.externalId,
      activity: {
        sport: 'running',
        subSport: null,
        startTime: outline?.startTime ?? options.startTime,
        utcOffsetS: 3600,
        timeZone: 'Europe/Paris',
        elapsedTimeS: outline?.elapsedTimeS ?? 2700,
        movingTimeS: outline?.movingTimeS ?? 2640,
        distanceM: outline?.distanceM ?? 8100,
        avgHeartRate: 142,
        maxHeartRate: 158,
        device: 'Strava app',
        manual: false,
        name: options.name,
      },
      rawPayload: { id: options.externalId, name: options.name },
    });
    await markAthleteChanged(client, athleteId);
    return result;
  });
  await recomputeAthleteAnalysis(db, athleteId, RULE_SET_V1, new Date());
  return { activityId: stored.activityId, linked: stored.linked };
}
