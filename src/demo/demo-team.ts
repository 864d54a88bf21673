import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import type { WeekPattern } from '../synthetic/index.ts';
import { createDemoCoach } from '../web/demo-coach.ts';
import { storeSyntheticRunner } from './run-demo.ts';

export const DEMO_TEAMMATE_EMAIL = 'demo.teammate@weekwise.local';
export const DEMO_COACH_EMAIL = 'demo.coach@weekwise.local';

/** The teammate's weeks: steady training, so the coach's roster has one athlete to worry about and one not. */
const TEAMMATE_WEEKS: readonly WeekPattern[] = Array.from({ length: 8 }, () => 'balanced');

/**
 * The web side of the demo: a second runner with eight steady weeks, and a coach both runners have let
 * see their figures (as if each had invited them and they had accepted). The coach signs in by emailed
 * link like anybody (without SMTP, `weekwise serve` writes the link to its log).
 */
export async function addDemoTeamAndCoach(
  db: Database,
  queue: JobQueue,
  logger: Logger,
  options: { dataDir: string; firstWeekStart: string; runnerId: string; now: Date },
): Promise<{ coachEmail: string; teammateId: string }> {
  const { athlete } = await storeSyntheticRunner(
    db,
    queue,
    logger,
    { email: DEMO_TEAMMATE_EMAIL, name: 'Demo Teammate', weeks: TEAMMATE_WEEKS, seed: 2027 },
    { folder: join(options.dataDir, 'demo-fit-teammate'), firstWeekStart: options.firstWeekStart },
  );
  await queue.whenIdle();
  await createDemoCoach(db, {
    coachEmail: DEMO_COACH_EMAIL,
    athleteIds: [options.runnerId, athlete.id],
    now: options.now,
  });
  return { coachEmail: DEMO_COACH_EMAIL, teammateId: athlete.id };
}
