import type { ImportedActivity } from '../domain/activity.ts';
import type { CrossTrainingKind } from './cross-training.ts';
import type { RunGroundTruth } from './synthetic-run.ts';
import type { SessionKind } from './week-plans.ts';

export interface CrossTrainingGroundTruth {
  kind: CrossTrainingKind;
  intendedClass: null;
  long: false;
  durationS: number;
  elapsedS: number;
  distanceM: number | null;
  /** False for a strength session logged by hand (a manual entry without streams). */
  recorded: boolean;
}

export type SessionGroundTruth = RunGroundTruth | CrossTrainingGroundTruth;

export interface SyntheticSession {
  /** Local date and time of the start, 'YYYY-MM-DD' and 'HH:MM:SS'. */
  localDate: string;
  localTime: string;
  kind: SessionKind;
  activity: ImportedActivity;
  truth: SessionGroundTruth;
}
