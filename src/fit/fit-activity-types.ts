import type { ImportedActivity } from '../domain/activity.ts';

export interface DecodedFitActivity extends ImportedActivity {
  /** 0-based across the whole file (all chained sections). */
  sessionIndex: number;
  /** For multisport files: all sessions share one parent; the importer creates a parent activity with sport 'multisport'. */
  multisport: boolean;
  /** Record messages that belong to this activity (samples merge records sharing a timestamp). */
  recordCount: number;
  /** Samples with a plausible HR value. */
  heartRateSamples: number;
  /** The session message as decoded, JSON-safe (null when the activity is derived from records alone). */
  rawSession: Record<string, unknown> | null;
}

export type FitDecodeResult =
  | { status: 'activity'; activities: DecodedFitActivity[]; warnings: string[] }
  | { status: 'not_activity'; fileType: string; reason: string; warnings: string[] }
  | { status: 'failed'; reason: string };
