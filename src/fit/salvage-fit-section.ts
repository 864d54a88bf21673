import { Decoder, Stream } from '@garmin/fitsdk';
import { emptyFitContent, type FitContent, type FitMessage, readTime } from './fit-message.ts';

export interface SalvagedContent {
  content: FitContent;
  /** Why the SDK stopped reading, when it did not reach the end. */
  stoppedBecause: string | null;
}

/**
 * Reads what the Garmin SDK can decode before it hits the damage: unlike fit-file-parser, it keeps every
 * message read before an error, which is what salvages the run of a watch that crashed mid-write.
 */
export function salvageWithGarminSdk(bytes: Uint8Array): SalvagedContent {
  const decoder = new Decoder(Stream.fromByteArray(bytes));
  const { messages, errors } = decoder.read({
    applyScaleAndOffset: true,
    expandSubFields: true,
    expandComponents: true,
    convertTypesToStrings: true,
    convertDateTimesToDates: true,
    includeUnknownData: false,
    // Strap heart rates are merged by the importer itself, across chained sections.
    mergeHeartRates: false,
  });
  const content = emptyFitContent();
  content.fileIds = toSnakeCaseMessages(messages.fileIdMesgs);
  content.sessions = toSnakeCaseMessages(messages.sessionMesgs);
  content.records = keepIntactRecords(toSnakeCaseMessages(messages.recordMesgs));
  content.laps = toSnakeCaseMessages(messages.lapMesgs);
  content.activities = toSnakeCaseMessages(messages.activityMesgs);
  content.sports = toSnakeCaseMessages(messages.sportMesgs);
  content.deviceInfos = toSnakeCaseMessages(messages.deviceInfoMesgs);
  content.hrMessageCount = messages.hrMesgs?.length ?? 0;
  const error = errors[0];
  return { content, stoppedBecause: error ? (error instanceof Error ? error.message : String(error)) : null };
}

const MAX_BACKWARD_STEP_MS = 60_000;
const MAX_FORWARD_STEP_MS = 6 * 3600_000;

/**
 * Bytes dropped in the middle of a file (seen in a crashed Strava Android recording) misalign everything
 * after them: the last records read before the decoder gives up carry nonsense such as a timestamp in
 * 2085. The records are kept up to the first such jump in time.
 */
export function keepIntactRecords(records: FitMessage[]): FitMessage[] {
  let previous = Number.NaN;
  for (let index = 0; index < records.length; index++) {
    const time = readTime(records[index], 'timestamp');
    if (Number.isNaN(time)) continue;
    if (
      !Number.isNaN(previous) &&
      (time < previous - MAX_BACKWARD_STEP_MS || time > previous + MAX_FORWARD_STEP_MS)
    ) {
      return records.slice(0, index);
    }
    previous = time;
  }
  return records;
}

// Enum values whose profile names the SDK spells in camelCase and fit-file-parser in snake_case.
const ENUM_FIELDS = new Set([
  'sport',
  'sub_sport',
  'type',
  'manufacturer',
  'garmin_product',
  'event',
  'event_type',
  'device_index',
]);

function toSnakeCaseMessages(messages: readonly object[] | undefined): FitMessage[] {
  return (messages ?? []).map(toSnakeCaseMessage);
}

/** The SDK's camelCase message, in fit-file-parser's snake_case shape. */
export function toSnakeCaseMessage(message: object): FitMessage {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    const name = toSnakeCase(key);
    converted[name] = typeof value === 'string' && ENUM_FIELDS.has(name) ? toSnakeCase(value) : value;
  }
  return converted;
}

export function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
