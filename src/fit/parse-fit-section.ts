import { emptyFitContent, type FitContent } from './fit-message.ts';
import type { FitSection } from './fit-sections.ts';
import { describeParserError, readWithFitFileParser } from './read-fit-file-parser.ts';
import { keepIntactRecords, salvageWithGarminSdk } from './salvage-fit-section.ts';

export interface ParsedSection {
  section: FitSection;
  content: FitContent;
  /** Set when the section could only partly be read: a warning for the user. */
  damage: string | null;
  /** Set when nothing at all could be read from the section. */
  failure: string | null;
}

/**
 * Parses a section with fit-file-parser (the primary parser: it copes with compressed timestamps and
 * summary-first files); when it cannot (truncated or damaged bytes), salvages what the Garmin SDK reads.
 */
export async function parseFitSection(section: FitSection, label: string): Promise<ParsedSection> {
  let parserError = 'the data could not be parsed';
  if (!section.truncated) {
    try {
      return { section, content: await readWithFitFileParser(section.bytes), damage: null, failure: null };
    } catch (error) {
      parserError = describeParserError(error);
    }
  }
  const salvaged = salvageWithGarminSdk(section.bytes);
  let content = salvaged.content;
  let stoppedBecause = salvaged.stoppedBecause;
  if (section.truncated) {
    // The SDK stops at compressed timestamps (older Forerunners, some Venu messages); fit-file-parser reads
    // them, once the header no longer announces more bytes than there are. The richer reading wins.
    const clamped = await readClampedWithFitFileParser(section);
    if (clamped && isAtLeastAsRich(clamped, content)) {
      content = clamped;
      stoppedBecause = null;
    }
  }
  const problem = section.truncated
    ? `${label} is truncated (its header announces ${section.headerSize + section.dataSize + 2} bytes, the file holds ${section.bytes.length})`
    : `${label} is damaged (${parserError})`;
  const stopped = stoppedBecause ? `; reading stopped: ${stoppedBecause}` : '';
  if (isEmpty(content)) {
    return {
      section,
      content: emptyFitContent(),
      damage: null,
      failure: `${problem}${stopped}; no intact data could be read`,
    };
  }
  return { section, content, damage: `${problem}${stopped}; ${describeSalvage(content)}`, failure: null };
}

function describeSalvage(content: FitContent): string {
  if (content.records.length > 0) return `imported the ${content.records.length} intact records`;
  return content.sessions.length > 0
    ? 'no record is intact; imported the session summary'
    : 'no record is intact';
}

function isAtLeastAsRich(candidate: FitContent, reference: FitContent): boolean {
  return (
    candidate.records.length >= reference.records.length &&
    candidate.sessions.length >= reference.sessions.length
  );
}

async function readClampedWithFitFileParser(section: FitSection): Promise<FitContent | null> {
  const copy = section.bytes.slice();
  new DataView(copy.buffer).setUint32(4, Math.max(0, copy.length - section.headerSize), true);
  try {
    const content = await readWithFitFileParser(copy);
    content.records = keepIntactRecords(content.records);
    return content;
  } catch {
    return null;
  }
}

function holdsActivityData(content: FitContent): boolean {
  return content.sessions.length > 0 || content.records.length > 0;
}

function isEmpty(content: FitContent): boolean {
  return content.fileIds.length === 0 && !holdsActivityData(content) && content.hrMessageCount === 0;
}
