import { expandCompressedSpeedDistance } from './compressed-speed-distance.ts';
import type { DecodedFitActivity, FitDecodeResult } from './fit-activity-types.ts';
import { placeUnsetClock } from './fit-device-clock.ts';
import { describeDevice } from './fit-device-name.ts';
import { describeNotActivity } from './fit-file-type.ts';
import { type FitContent, type FitMessage, readTime } from './fit-message.ts';
import { checkSectionIntegrity, describeIntegrityProblem } from './fit-section-integrity.ts';
import { type FitSection, splitFitSections } from './fit-sections.ts';
import {
  assignRecordsToWindows,
  deriveWindowFromRecords,
  isMultisport,
  planSessionWindows,
  type SessionWindow,
} from './fit-session-windows.ts';
import { readStrapHeartBeats, type StrapHeartBeats } from './fit-strap-heart-rate.ts';
import {
  describeApart,
  formatInstant,
  isInTheFuture,
  localTimeApartSeconds,
  readUtcOffsetSeconds,
} from './fit-time.ts';
import { buildActivity, type FileContext } from './fit-to-activity.ts';
import { type ParsedSection, parseFitSection } from './parse-fit-section.ts';
import { selectActivitySections } from './select-activity-sections.ts';

export type { DecodedFitActivity, FitDecodeResult } from './fit-activity-types.ts';

/**
 * Decodes a FIT file into weekwise activities: one per session (multisport: one per leg and transition),
 * or one derived from the records when the file has no session. Never throws: bad input is a `failed`
 * result with a readable reason; recoverable damage (truncation, CRC) is a warning.
 */
export async function decodeFitFile(buffer: Buffer | Uint8Array): Promise<FitDecodeResult> {
  if (!(buffer instanceof Uint8Array)) return { status: 'failed', reason: 'input is not a byte buffer' };
  try {
    return await decodeBytes(buffer, Date.now());
  } catch (error) {
    return { status: 'failed', reason: `could not decode the FIT file: ${describeError(error)}` };
  }
}

async function decodeBytes(bytes: Uint8Array, nowMs: number): Promise<FitDecodeResult> {
  const framing = splitFitSections(bytes);
  if (!framing.ok) return { status: 'failed', reason: framing.reason };
  const warnings = [...framing.warnings];
  const parsed = await parseSections(framing.sections, warnings);
  const firstFailure = parsed.find((section) => section.failure !== null)?.failure ?? null;
  const usable = parsed.filter((section) => section.failure === null);
  if (usable.length === 0) return { status: 'failed', reason: firstFailure ?? 'no FIT data could be read' };

  const selected = selectActivitySections(usable);
  if (!selected.ok) {
    const { fileType } = selected;
    return { status: 'not_activity', fileType, reason: describeNotActivity(fileType), warnings };
  }
  if (selected.unknownType) {
    warnings.push(`the FIT file type is '${selected.unknownType}'; read as an activity since it holds one`);
  }
  const { content } = selected;
  if (content.sessions.length === 0 && content.records.length === 0) {
    const reason = firstFailure ?? 'the FIT file holds no activity data: no session and no record messages';
    return { status: 'failed', reason };
  }
  const strapSections = selected.sections.filter((section) => section.content.hrMessageCount > 0);
  const strapBeats = strapSections.length > 0 ? readStrapBeats(strapSections, warnings) : null;
  return buildActivities(content, strapBeats, nowMs, warnings);
}

async function parseSections(sections: readonly FitSection[], warnings: string[]): Promise<ParsedSection[]> {
  const parsed: ParsedSection[] = [];
  for (const section of sections) {
    const label = sections.length === 1 ? 'file' : `FIT section ${section.index + 1} of ${sections.length}`;
    const result = await parseFitSection(section, label);
    parsed.push(result);
    if (result.failure !== null) {
      if (sections.length > 1) warnings.push(result.failure);
      continue;
    }
    if (result.damage !== null) warnings.push(result.damage);
    const problem = describeIntegrityProblem(checkSectionIntegrity(section));
    if (problem) warnings.push(sections.length === 1 ? problem : `${label}: ${problem}`);
  }
  return parsed;
}

function readStrapBeats(sections: readonly ParsedSection[], warnings: string[]): StrapHeartBeats | null {
  try {
    return readStrapHeartBeats(sections.map((parsed) => parsed.section));
  } catch (error) {
    warnings.push(`the heart rate stored by the strap could not be read (${describeError(error)})`);
    return null;
  }
}

function buildActivities(
  content: FitContent,
  strapBeats: StrapHeartBeats | null,
  nowMs: number,
  warnings: string[],
): FitDecodeResult {
  const recordTimes = readRecordTimes(content.records);
  const windows = planWindows(content, recordTimes, nowMs, warnings);
  if (windows.length === 0) {
    return {
      status: 'failed',
      reason: 'no session and no record with a usable timestamp: nothing to import',
    };
  }
  assignRecordsToWindows(windows, recordTimes, warnings);
  const activity = content.activities[0];
  const clockShiftMs = placeUnsetClock(windows[0]!.startMs, activity, warnings);
  const context: FileContext = {
    records: content.records,
    recordTimes,
    compressed: memoize(() => expandCompressedSpeedDistance(content.records)),
    strapBeats,
    fallbackSportMessage: content.sports[0] ?? content.laps[0],
    device: describeDevice(content.fileIds[0], content.deviceInfos),
    utcOffsetS: clockShiftMs === 0 ? readUtcOffset(activity, warnings) : null,
    clockShiftMs,
    multisport: isMultisport(windows, activity),
    sessionCount: windows.length,
    warnings,
  };
  const activities: DecodedFitActivity[] = [];
  const rejected: string[] = [];
  for (const window of [...windows].sort((left, right) => left.sessionIndex - right.sessionIndex)) {
    const startMs = window.startMs + clockShiftMs;
    if (isInTheFuture(startMs, nowMs)) {
      rejected.push(`session ${window.sessionIndex + 1} starts ${formatInstant(startMs)}, in the future`);
      continue;
    }
    const built = buildActivity(window, context);
    if (window.openEnded && built.streams === null) {
      rejected.push(`session ${window.sessionIndex + 1} lasts 0 s and holds no samples`);
      continue;
    }
    activities.push(built);
  }
  if (activities.length === 0) {
    return { status: 'failed', reason: `the file's timestamps are implausible: ${rejected.join('; ')}` };
  }
  for (const message of rejected) warnings.push(`${message}: its timestamps are implausible, skipped`);
  return { status: 'activity', activities, warnings };
}

/** The UTC offset of the activity message; a local time far off its UTC time is said, then ignored. */
function readUtcOffset(activity: FitMessage | undefined, warnings: string[]): number | null {
  const offset = readUtcOffsetSeconds(activity);
  const apart = localTimeApartSeconds(activity);
  if (offset === null && apart !== null) {
    warnings.push(
      `the file's local time is ${describeApart(apart)} its UTC time, more than any time zone: ` +
        'the activity is placed by its UTC time',
    );
  }
  return offset;
}

function readRecordTimes(records: readonly FitMessage[]): Float64Array {
  const times = new Float64Array(records.length);
  for (let index = 0; index < records.length; index++) times[index] = readTime(records[index], 'timestamp');
  return times;
}

function planWindows(
  content: FitContent,
  recordTimes: Float64Array,
  nowMs: number,
  warnings: string[],
): SessionWindow[] {
  if (content.sessions.length > 0) {
    const windows = planSessionWindows(content.sessions, content.laps, warnings);
    if (windows.length > 0) return windows;
  }
  const derived = deriveWindowFromRecords(recordTimes, nowMs);
  if (derived && content.sessions.length === 0) {
    warnings.push('the file has no session message: the activity was derived from its records');
  }
  return derived ? [derived] : [];
}

function memoize<T>(compute: () => T): () => T {
  let computed = false;
  let value: T;
  return () => {
    if (!computed) {
      value = compute();
      computed = true;
    }
    return value;
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
