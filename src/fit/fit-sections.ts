import crc16 from 'crc/calculators/crc16';

/**
 * Splits a FIT file into its sections. A FIT file may hold several FIT "files" back to back (chained FIT:
 * Garmin watches append e.g. the heart rate a strap stored during a swim); each starts with its own header
 * whose data_size says where the next one begins. Only the headers are read here, never the messages.
 */
export interface FitSection {
  /** 0-based position of the section in the file. */
  index: number;
  /** Byte offset of the section's header in the file. */
  offset: number;
  headerSize: number;
  /** Length of the data records as the header announces it (without header and CRC). */
  dataSize: number;
  /** The section's bytes as present in the file: header, data, CRC (less when truncated). */
  bytes: Uint8Array;
  /** The header announces more data than the file holds (a watch that crashed while writing). */
  truncated: boolean;
  /** The 2-byte CRC after the data is present. */
  hasCrc: boolean;
}

export type FitFraming =
  | { ok: true; sections: FitSection[]; warnings: string[] }
  | { ok: false; reason: string };

const MIN_HEADER_SIZE = 12;
const CRC_SIZE = 2;
/** FIT protocol 1.0 and 2.0 exist; a later major version may change what the bytes mean. */
const MAX_PROTOCOL_MAJOR = 2;

export function splitFitSections(bytes: Uint8Array): FitFraming {
  if (bytes.length === 0) return { ok: false, reason: 'file is empty (0 bytes)' };
  const firstProblem = checkHeaderAt(bytes, 0);
  if (firstProblem) return { ok: false, reason: firstProblem };

  const sections: FitSection[] = [];
  const warnings: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const problem = checkHeaderAt(bytes, offset);
    if (problem) {
      warnings.push(
        `ignored ${bytes.length - offset} trailing bytes after the last FIT section (${problem})`,
      );
      break;
    }
    if (offset === 0) {
      const version = bytes[1]! >> 4;
      if (version > MAX_PROTOCOL_MAJOR) {
        warnings.push(
          `the file says it is written in FIT protocol ${version}, newer than weekwise knows (up to ${MAX_PROTOCOL_MAJOR}): imported what could be read`,
        );
      }
    }
    const headerSize = bytes[offset]!;
    const dataSize = repairedDataSize(bytes, offset, warnings);
    const dataEnd = offset + headerSize + dataSize;
    const sectionEnd = dataEnd + CRC_SIZE;
    const truncated = dataEnd > bytes.length;
    let sectionBytes = bytes.subarray(offset, Math.min(sectionEnd, bytes.length));
    if (dataSize !== readUint32LittleEndian(bytes, offset + 4)) {
      // The parsers read the size from the header: they get a copy that says the repaired one.
      sectionBytes = sectionBytes.slice();
      new DataView(sectionBytes.buffer).setUint32(4, dataSize, true);
    }
    sections.push({
      index: sections.length,
      offset,
      headerSize,
      dataSize,
      bytes: sectionBytes,
      truncated,
      hasCrc: sectionEnd <= bytes.length,
    });
    if (sectionEnd >= bytes.length) break;
    offset = sectionEnd;
  }
  return { ok: true, sections, warnings };
}

/**
 * The data size the header at `offset` announces — unless the section does not end where it says (the
 * file is shorter, or what follows is not another section) while the file's last two bytes are the CRC of
 * everything from this header on, with the header's data size set to reach them: the file is whole and
 * only its header is wrong (a tool that wrote a bad size), so all of it is read, with a warning.
 */
function repairedDataSize(bytes: Uint8Array, offset: number, warnings: string[]): number {
  const headerSize = bytes[offset]!;
  const announced = readUint32LittleEndian(bytes, offset + 4);
  const sectionEnd = offset + headerSize + announced + CRC_SIZE;
  if (sectionEnd === bytes.length) return announced;
  if (sectionEnd < bytes.length && checkHeaderAt(bytes, sectionEnd) === null) return announced;
  const candidate = bytes.length - CRC_SIZE - offset - headerSize;
  if (candidate <= 0 || !crcFitsWithDataSize(bytes, offset, candidate)) return announced;
  warnings.push(
    `the header announces ${announced} bytes of data, but the file's CRC covers ${candidate}: read them all`,
  );
  return candidate;
}

function crcFitsWithDataSize(bytes: Uint8Array, offset: number, dataSize: number): boolean {
  const headerSize = bytes[offset]!;
  const header = bytes.slice(offset, offset + headerSize);
  new DataView(header.buffer).setUint32(4, dataSize, true);
  const end = offset + headerSize + dataSize;
  const computed = crc16(bytes.subarray(offset + headerSize, end), crc16(header));
  return computed === (bytes[end]! | (bytes[end + 1]! << 8));
}

/** Why the bytes at `offset` are not a FIT header, or null when they are one. */
export function checkHeaderAt(bytes: Uint8Array, offset: number): string | null {
  const available = bytes.length - offset;
  if (available < MIN_HEADER_SIZE) {
    return `too small to be a FIT file: ${available} bytes, a FIT header alone takes ${MIN_HEADER_SIZE}`;
  }
  const headerSize = bytes[offset]!;
  if (headerSize !== 12 && headerSize !== 14) {
    return `not a FIT file: header size byte is ${headerSize}, expected 12 or 14`;
  }
  if (
    bytes[offset + 8] !== 0x2e ||
    bytes[offset + 9] !== 0x46 ||
    bytes[offset + 10] !== 0x49 ||
    bytes[offset + 11] !== 0x54
  ) {
    return "not a FIT file: no '.FIT' signature in the header";
  }
  if (available < headerSize)
    return `too small to be a FIT file: ${available} bytes, its header takes ${headerSize}`;
  return null;
}

function readUint32LittleEndian(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}
