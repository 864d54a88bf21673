import type { ImportStatus } from '../generated/prisma/enums.ts';

/** What `weekwise import --json` prints for one input file (one JSON object per line). */
export interface FileImportResult {
  file: string;
  status: ImportStatus;
  reason?: string;
  warnings?: string[];
  activities: ImportedActivitySummary[];
}

export interface ImportedActivitySummary {
  id: string;
  sport: string;
  subSport: string | null;
  /** ISO 8601, UTC. */
  startTime: string;
  /** ISO 8601 with the local offset. */
  localStartTime: string;
  durationS: number;
  movingTimeS: number | null;
  distanceM: number | null;
  hasHeartRate: boolean;
  heartRateSamples: number;
}
