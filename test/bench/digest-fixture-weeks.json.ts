/**
 * Prints the digest benchmark's fixture weeks as JSON. Run as a child process by digest.bench.ts: making
 * them runs the synthetic generator and the analysis, whose garbage would otherwise sit in the measured
 * process's resident memory, while a real digest worker reads each week from the database.
 */
import { type FixtureName, fixtureWeek } from '../unit/digest/digest-fixture-weeks.ts';

const names: FixtureName[] = [
  'balanced',
  'greyHeavy',
  'hardPacked',
  'longSurvival',
  'noData',
  'lowConfidence',
];
process.stdout.write(JSON.stringify(names.map((name) => fixtureWeek(name))));
