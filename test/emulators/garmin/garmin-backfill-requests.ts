import type { GarminPermission } from './garmin-emulator.types.ts';

/** Garmin accepts at most 30 days per backfill request. */
export const MAX_BACKFILL_RANGE_S = 30 * 24 * 60 * 60;

export type BackfillType = 'activities' | 'dailies';

/** The permission a user must have granted for each backfill (the emulator refuses with 403 without it). */
export const BACKFILL_PERMISSION: Readonly<Record<BackfillType, GarminPermission>> = {
  activities: 'ACTIVITY_EXPORT',
  dailies: 'HEALTH_EXPORT',
};

export type BackfillDecision =
  | { accepted: true; startS: number; endS: number }
  | { accepted: false; status: 400 | 403 | 409; message: string };

/** Remembers every backfill range asked for, because Garmin answers a repeated request 409. */
export class GarminBackfillRequests {
  private readonly requested = new Set<string>();

  decide(request: {
    userId: string;
    type: BackfillType;
    permissions: readonly GarminPermission[];
    start: string | undefined;
    end: string | undefined;
  }): BackfillDecision {
    const startS = parseEpochSeconds(request.start);
    const endS = parseEpochSeconds(request.end);
    if (startS === null || endS === null) {
      return refuse(400, 'summaryStartTimeInSeconds and summaryEndTimeInSeconds must be epoch seconds');
    }
    if (endS <= startS) return refuse(400, 'summaryEndTimeInSeconds must be after summaryStartTimeInSeconds');
    if (endS - startS > MAX_BACKFILL_RANGE_S) return refuse(400, 'the time range exceeds 30 days');
    const permission = BACKFILL_PERMISSION[request.type];
    if (!request.permissions.includes(permission)) {
      return refuse(403, `the user has not granted ${permission}`);
    }
    const key = `${request.userId}|${request.type}|${startS}|${endS}`;
    if (this.requested.has(key)) return refuse(409, 'duplicate backfill request for this time range');
    this.requested.add(key);
    return { accepted: true, startS, endS };
  }
}

function refuse(status: 400 | 403 | 409, message: string): BackfillDecision {
  return { accepted: false, status, message };
}

function parseEpochSeconds(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return null;
  return Number(value);
}
