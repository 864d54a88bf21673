/** Synthetic runners with known ground truth, and a FIT writer: for tests, the demo and benchmarks. */
export {
  type ActivitySummary,
  SYNTHETIC_DEVICE,
  summarizeStreams,
  toImportedActivity,
} from './activity-summary.ts';
export {
  type AthletePhysiology,
  type AthleteSex,
  DEFAULT_PHYSIOLOGY,
  randomPhysiology,
  seilerZoneFromLthr,
} from './athlete-physiology.ts';
export {
  type CrossTrainingKind,
  type CrossTrainingSession,
  generateRide,
  generateStrengthSession,
} from './cross-training.ts';
export { encodeActivityFit, encodeChainedFit, type FitEncodeOptions } from './fit-writer.ts';
export { deriveSeed, SeededRandom } from './seeded-random.ts';
export type { SensorArtifacts } from './sensor-artifacts.ts';
export {
  athletePhysiology,
  type CrossTrainingGroundTruth,
  generateSyntheticAthlete,
  type SessionGroundTruth,
  type SyntheticAthlete,
  type SyntheticAthleteOptions,
  type SyntheticSession,
  type SyntheticWeek,
  syntheticActivities,
  syntheticAthleteWeeks,
  type WeekGroundTruth,
} from './synthetic-athlete.ts';
export {
  decouplingPercent,
  generateSyntheticRun,
  type RunGroundTruth,
  recordWorkout,
  type SyntheticRun,
  type SyntheticRunOptions,
  type ZoneSeconds,
} from './synthetic-run.ts';
export {
  chooseWeekPatterns,
  DEMO_WEEK_PATTERNS,
  type PlannedSession,
  planWeek,
  type SessionKind,
  WEEK_PATTERNS,
  type WeekPattern,
} from './week-plans.ts';
export {
  type DriftKind,
  planWorkout,
  type RunClass,
  WORKOUT_KINDS,
  type WorkoutKind,
} from './workout-plans.ts';
export {
  demoWeekPatterns,
  type SyntheticFitFile,
  type SyntheticFitFolder,
  writeSyntheticFitFolder,
} from './write-demo-files.ts';
