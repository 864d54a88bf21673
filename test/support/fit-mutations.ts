import { CrcCalculator, Decoder, Encoder, Profile, Stream } from '@garmin/fitsdk';
import { seededRandom } from './seeded-random.ts';

/**
 * Mutations of FIT files for the bad-input tests: byte patches of the file header, and semantic changes
 * made by decoding the messages with the Garmin SDK, changing them, and writing them again with its
 * Encoder — so the mutant is a well-formed FIT file (CRCs right) whose *values* are wrong, the kind of file
 * a buggy watch or export tool writes.
 */

/** One message in file order, in the SDK's shape (camelCase fields, profile units, enums as names). */
export interface FitMessageEntry {
  mesgNum: number;
  message: Record<string, unknown>;
}

export const MESG = {
  fileId: Profile.MesgNum.FILE_ID!,
  record: Profile.MesgNum.RECORD!,
  lap: Profile.MesgNum.LAP!,
  session: Profile.MesgNum.SESSION!,
  activity: Profile.MesgNum.ACTIVITY!,
  event: Profile.MesgNum.EVENT!,
} as const;

const KNOWN_MESSAGES = new Set(Object.keys(Profile.messages).map(Number));

/** The messages of a FIT file in the order they are written, ready to be written again. */
export function readFitMessages(bytes: Uint8Array): FitMessageEntry[] {
  const entries: FitMessageEntry[] = [];
  const { errors } = new Decoder(Stream.fromByteArray(bytes)).read({
    applyScaleAndOffset: true,
    // Components and sub-fields stay as stored: expanded ones would be written twice.
    expandSubFields: false,
    expandComponents: false,
    convertTypesToStrings: true,
    convertDateTimesToDates: true,
    includeUnknownData: false,
    mergeHeartRates: false,
    mesgListener: (mesgNum: number, message: object) => {
      if (!KNOWN_MESSAGES.has(mesgNum)) return;
      // Developer fields need their descriptions to be written again; no mutation here is about them.
      const { developerFields: _developer, ...fields } = message as Record<string, unknown>;
      entries.push({ mesgNum, message: fields });
    },
  });
  if (errors.length > 0) throw new Error(`fit-mutations: the source file does not decode: ${errors[0]}`);
  return entries;
}

/** Writes messages as a FIT file (header, definitions, data, CRC) with the Garmin SDK's Encoder. */
export function writeFitMessages(entries: readonly FitMessageEntry[]): Uint8Array {
  const encoder = new Encoder();
  for (const { mesgNum, message } of entries) {
    try {
      encoder.onMesg(mesgNum, message);
    } catch {
      // A message the Encoder cannot write back (a field value out of its type, e.g. a compressed
      // timestamp record without a timestamp) is left out: the mutant is still a valid file.
    }
  }
  return encoder.close();
}

/** Round trip with a change: each message of `mesgNum` is replaced by what `change` returns (null drops it). */
export function mutateMessages(
  bytes: Uint8Array,
  mesgNum: number,
  change: (message: Record<string, unknown>, index: number, count: number) => Record<string, unknown> | null,
): Uint8Array {
  const entries = readFitMessages(bytes);
  const count = entries.filter((entry) => entry.mesgNum === mesgNum).length;
  let index = 0;
  const changed = entries.flatMap((entry) => {
    if (entry.mesgNum !== mesgNum) return [entry];
    const message = change({ ...entry.message }, index++, count);
    return message ? [{ mesgNum, message }] : [];
  });
  return writeFitMessages(changed);
}

/** The records of the file in a seeded random order, every other message where it was. */
export function shuffleRecords(bytes: Uint8Array, seed: number): Uint8Array {
  const entries = readFitMessages(bytes);
  const slots = entries.flatMap((entry, position) => (entry.mesgNum === MESG.record ? [position] : []));
  const records = slots.map((position) => entries[position]!);
  const random = seededRandom(seed);
  for (let index = records.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [records[index], records[other]] = [records[other]!, records[index]!];
  }
  slots.forEach((position, index) => {
    entries[position] = records[index]!;
  });
  return writeFitMessages(entries);
}

/** Adds `ms` to a date field (no change when the field is absent). */
export function shiftDate(message: Record<string, unknown>, field: string, ms: number): void {
  const value = message[field];
  if (value instanceof Date) message[field] = new Date(value.getTime() + ms);
}

export const YEAR_MS = 365 * 86_400_000;

// --- the file header: 12 or 14 bytes at the start ---------------------------------------------------

export interface HeaderPatch {
  /** Byte 0: 12 or 14 in a valid file. */
  headerSize?: number;
  /** Byte 1: major version in the high nibble (1 or 2 today). */
  protocolVersion?: number;
  /** Bytes 2–3: e.g. 2132 for profile 21.32. */
  profileVersion?: number;
  /** Bytes 4–7: how many bytes of messages follow the header. */
  dataSize?: number | ((actual: number) => number);
  /** Bytes 8–11: ".FIT" in a valid file. */
  signature?: string;
  /** Bytes 12–13 of a 14-byte header. */
  headerCrc?: number | 'recompute';
  /** The file's last two bytes (they cover the header too): recomputed, for a mutant with nothing else wrong. */
  fileCrc?: 'recompute';
}

/** A copy of the file with header fields overwritten (the CRCs are not recomputed: that is the point). */
export function patchHeader(bytes: Uint8Array, patch: HeaderPatch): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  if (patch.headerSize !== undefined) view.setUint8(0, patch.headerSize);
  if (patch.protocolVersion !== undefined) view.setUint8(1, patch.protocolVersion);
  if (patch.profileVersion !== undefined) view.setUint16(2, patch.profileVersion, true);
  if (patch.dataSize !== undefined) {
    const size =
      typeof patch.dataSize === 'function' ? patch.dataSize(view.getUint32(4, true)) : patch.dataSize;
    view.setUint32(4, Math.max(0, Math.min(0xffff_ffff, size)), true);
  }
  if (patch.signature !== undefined) {
    for (let index = 0; index < 4; index++)
      view.setUint8(8 + index, patch.signature.charCodeAt(index) & 0xff);
  }
  if (patch.headerCrc !== undefined && bytes[0] === 14) {
    const crc = patch.headerCrc === 'recompute' ? CrcCalculator.calculateCRC(copy, 0, 12) : patch.headerCrc;
    view.setUint16(12, crc, true);
  }
  if (patch.fileCrc === 'recompute') {
    view.setUint16(copy.length - 2, CrcCalculator.calculateCRC(copy, 0, copy.length - 2), true);
  }
  return copy;
}

/** The header of `donor` on the messages of `bytes`: a file assembled from the parts of two. */
export function swapHeader(bytes: Uint8Array, donor: Uint8Array): Uint8Array {
  const header = donor.subarray(0, donor[0]!);
  const body = bytes.subarray(bytes[0]!);
  const swapped = new Uint8Array(header.length + body.length);
  swapped.set(header, 0);
  swapped.set(body, header.length);
  return swapped;
}
