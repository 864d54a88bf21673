import type { PrismaClient } from '../db/database.ts';
import { isValidTimeZone } from '../domain/local-time.ts';
import type { Athlete, ThresholdKind } from '../generated/prisma/client.ts';

export const WEEK_DAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface AthleteSettings {
  sex?: 'female' | 'male';
  timeZone?: string;
  weekStart?: WeekDay;
  /** Heart-rate thresholds set by the athlete or coach, in bpm, valid from `validFrom`. */
  maxHr?: number;
  restingHr?: number;
  lthr?: number;
  /** YYYY-MM-DD; defaults to the caller's today. */
  validFrom: string;
}

export class InvalidSettingError extends Error {
  override name = 'InvalidSettingError';
}

const HEART_RATE_LIMITS: Record<'maxHr' | 'restingHr' | 'lthr', [number, number]> = {
  maxHr: [120, 230],
  restingHr: [25, 110],
  lthr: [100, 220],
};

/** Checks the settings as a whole (e.g. resting < LTHR < max) and stores them; thresholds are dated facts. */
export async function updateAthleteSettings(
  prisma: PrismaClient,
  athlete: Athlete,
  settings: AthleteSettings,
): Promise<void> {
  const problems = validate(settings);
  if (problems.length) throw new InvalidSettingError(problems.join('; '));
  const validFrom = new Date(`${settings.validFrom}T00:00:00Z`);
  const thresholds: Array<[ThresholdKind, number | undefined]> = [
    ['max_hr', settings.maxHr],
    ['resting_hr', settings.restingHr],
    ['lthr', settings.lthr],
  ];
  await prisma.$transaction(async (tx) => {
    await tx.athlete.update({
      where: { id: athlete.id },
      data: {
        sex: settings.sex,
        timeZone: settings.timeZone,
        weekStartDay: settings.weekStart ? WEEK_DAYS.indexOf(settings.weekStart) + 1 : undefined,
      },
    });
    for (const [kind, value] of thresholds) {
      if (value === undefined) continue;
      await tx.athleteThreshold.upsert({
        where: { athleteId_kind_validFrom_source: { athleteId: athlete.id, kind, validFrom, source: 'set' } },
        create: { athleteId: athlete.id, kind, value, validFrom, source: 'set' },
        update: { value },
      });
    }
  });
}

function validate(settings: AthleteSettings): string[] {
  const problems: string[] = [];
  if (settings.timeZone !== undefined && !isValidTimeZone(settings.timeZone)) {
    problems.push(`unknown time zone "${settings.timeZone}" (use an IANA name such as Europe/Paris)`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(settings.validFrom) || Number.isNaN(Date.parse(settings.validFrom))) {
    problems.push(`--from expects YYYY-MM-DD, got "${settings.validFrom}"`);
  }
  for (const key of ['maxHr', 'restingHr', 'lthr'] as const) {
    const value = settings[key];
    const [low, high] = HEART_RATE_LIMITS[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= low && value <= high)) {
      problems.push(`${key} must be a whole number of bpm between ${low} and ${high}, got ${value}`);
    }
  }
  const { restingHr, lthr, maxHr } = settings;
  if (lthr !== undefined && maxHr !== undefined && lthr >= maxHr) problems.push('LTHR must be below max HR');
  if (restingHr !== undefined && lthr !== undefined && restingHr >= lthr)
    problems.push('resting HR must be below LTHR');
  return problems;
}
