import FitParser, { type ParsedFit } from 'fit-file-parser';
import { emptyFitContent, type FitContent, type FitMessage } from './fit-message.ts';

// `force` skips the parser's CRC check (done separately, so a bad CRC warns instead of losing the run);
// units are spelled out because the importer works in metres, m/s and seconds.
const parser = new FitParser({
  force: true,
  mode: 'list',
  speedUnit: 'm/s',
  lengthUnit: 'm',
  elapsedRecordField: false,
});

/** Parses one FIT section with fit-file-parser; throws (an Error) when the parser gives up. */
export async function readWithFitFileParser(bytes: Uint8Array): Promise<FitContent> {
  let parsed: ParsedFit;
  try {
    // The parser reads `buffer`/`byteOffset`/`byteLength`, so a subarray of the file is parsed without a copy.
    parsed = await parser.parseAsync(bytes as unknown as Buffer<ArrayBuffer>);
  } catch (error) {
    throw new Error(describeParserError(error));
  }
  return toFitContent(parsed);
}

function toFitContent(parsed: ParsedFit): FitContent {
  const content = emptyFitContent();
  const messages = (parsed.messages ?? {}) as Record<string, FitMessage[] | undefined>;
  content.fileIds = asMessages(parsed.file_ids);
  content.sessions = asMessages(parsed.sessions);
  content.records = asMessages(parsed.records);
  content.laps = asMessages(parsed.laps);
  content.activities = messages.activity ?? (parsed.activity ? [parsed.activity as FitMessage] : []);
  content.sports = asMessages(parsed.sports);
  content.deviceInfos = asMessages(parsed.device_infos);
  content.hrMessageCount = messages.hr?.length ?? 0;
  return content;
}

function asMessages(list: readonly object[] | undefined): FitMessage[] {
  return (list ?? []) as FitMessage[];
}

/** fit-file-parser rejects with a string, or with an Error thrown from deep inside. */
export function describeParserError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return String(error);
}
