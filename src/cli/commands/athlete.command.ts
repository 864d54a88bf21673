import { type Command, Option } from 'commander';
import { RULE_SET_V1, resolveThresholds, type ThresholdInForce } from '../../analysis/index.ts';
import { loadAthleteWithThresholds, toAthleteProfile } from '../../athlete-analysis/athlete-profile.ts';
import {
  requestAthleteAnalysis,
  waitForAthleteAnalysis,
} from '../../athlete-analysis/request-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../athletes/athlete.repository.ts';
import {
  InvalidSettingError,
  updateAthleteSettings,
  WEEK_DAYS,
  type WeekDay,
} from '../../athletes/update-athlete-settings.ts';
import { formatLocalIso, zoneOffsetSeconds } from '../../domain/local-time.ts';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../usage-error.ts';

interface SetOptions {
  athlete?: string;
  maxHr?: string;
  restingHr?: string;
  lthr?: string;
  sex?: 'female' | 'male';
  timezone?: string;
  weekStart?: WeekDay;
  from?: string;
}

export function registerAthleteCommand(program: Command, context: () => CliContext): void {
  const athlete = program.command('athlete').summary("an athlete's settings and heart-rate thresholds");
  athlete
    .command('set')
    .summary('set thresholds, sex, time zone or week start')
    .description(
      'Set what the analysis needs to know. Heart-rate thresholds are dated facts: each run is judged with\n' +
        'the values in force on its day, so --from says since when a value holds (default: today). What is\n' +
        "not set is taken from the provider, estimated from the athlete's own runs, or a population default\n" +
        '(low confidence). Changing anything re-runs the analysis.',
    )
    .option('-a, --athlete <email>', 'whose settings (default: the local athlete; created if new)')
    .option('--max-hr <bpm>', 'maximum heart rate')
    .option('--resting-hr <bpm>', 'resting heart rate')
    .option('--lthr <bpm>', 'lactate-threshold heart rate (about your 1-hour race heart rate)')
    .addOption(new Option('--sex <sex>', 'for the load formula (TRIMP)').choices(['female', 'male']))
    .option('--timezone <Area/City>', 'IANA time zone the weeks are cut in, e.g. Europe/Paris')
    .addOption(new Option('--week-start <day>', 'first day of the training week').choices([...WEEK_DAYS]))
    .option('--from <YYYY-MM-DD>', 'date from which the thresholds hold (default: today)')
    .action(async (options: SetOptions) => {
      const cli = context();
      const db = await cli.db();
      const record = await findOrCreateAthlete(db.prisma, options.athlete ?? cli.config.defaultAthleteEmail);
      const zone = options.timezone ?? record.timeZone;
      const today = formatLocalIso(new Date(), zoneOffsetSeconds(zone, new Date())).slice(0, 10);
      try {
        await updateAthleteSettings(db.prisma, record, {
          sex: options.sex,
          timeZone: options.timezone,
          weekStart: options.weekStart,
          maxHr: wholeNumber('--max-hr', options.maxHr),
          restingHr: wholeNumber('--resting-hr', options.restingHr),
          lthr: wholeNumber('--lthr', options.lthr),
          validFrom: options.from ?? today,
        });
      } catch (error) {
        if (error instanceof InvalidSettingError) throw new UsageError(error.message);
        throw error;
      }
      const queue = await cli.queue();
      const changeCount = await requestAthleteAnalysis(db, queue, record.id);
      if (queue.kind === 'in-process') await waitForAthleteAnalysis(db, queue, record.id, changeCount);
      await printSettings(cli, record.id, today);
    });

  athlete
    .command('show')
    .summary('show settings and the thresholds in force today')
    .option('-a, --athlete <email>', 'whose settings (default: the local athlete)')
    .action(async (options: { athlete?: string }) => {
      const cli = context();
      const db = await cli.db();
      const record = await findOrCreateAthlete(db.prisma, options.athlete ?? cli.config.defaultAthleteEmail);
      const today = formatLocalIso(new Date(), zoneOffsetSeconds(record.timeZone, new Date())).slice(0, 10);
      await printSettings(cli, record.id, today);
    });
}

async function printSettings(cli: CliContext, athleteId: string, today: string): Promise<void> {
  const athlete = await loadAthleteWithThresholds((await cli.db()).prisma, athleteId);
  if (!athlete) return;
  const profile = toAthleteProfile(athlete);
  const inForce = resolveThresholds(profile.thresholds, today, RULE_SET_V1);
  const describe = (label: string, threshold: ThresholdInForce | null) =>
    threshold
      ? `  ${label.padEnd(11)} ${Math.round(threshold.value)} bpm  (${threshold.source}${threshold.validFrom ? ` since ${threshold.validFrom}` : ''}, ${threshold.confidence} confidence)`
      : `  ${label.padEnd(11)} unknown`;
  console.log(
    `${athlete.email}: ${athlete.sex ?? 'sex not set'}, ${athlete.timeZone}, weeks start on ${WEEK_DAYS[athlete.weekStartDay - 1]}`,
  );
  console.log(`Thresholds in force on ${today}:`);
  console.log(describe('max HR', inForce.maxHr));
  console.log(describe('resting HR', inForce.restingHr));
  console.log(describe('LTHR', inForce.lthr));
  for (const note of inForce.notes) console.log(`  note: ${note}`);
}

function wholeNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`${option} expects a number of bpm, got "${value}"`);
  return number;
}
