import { describe, expect, it } from 'vitest';
import { checkSectionIntegrity } from '../../../src/fit/fit-section-integrity.ts';
import { checkHeaderAt, splitFitSections } from '../../../src/fit/fit-sections.ts';
import { encodeFitFile, FIT, steadyRun } from './fit-test-files.ts';

const start = new Date('2024-03-10T07:00:00Z');
const run = encodeFitFile({
  records: steadyRun(start, 30),
  sessions: [{ start, elapsedS: 29, sport: FIT.sport.running }],
});
const settings = encodeFitFile({ fileType: FIT.fileType.settings });

function concat(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

describe('splitFitSections', () => {
  it('finds the one section of a plain file, with its header fields', () => {
    const framing = splitFitSections(run);
    expect(framing.ok).toBe(true);
    if (!framing.ok) return;
    expect(framing.sections).toHaveLength(1);
    const [section] = framing.sections;
    expect(section).toMatchObject({ index: 0, offset: 0, headerSize: 14, truncated: false, hasCrc: true });
    expect(section!.headerSize + section!.dataSize + 2).toBe(run.length);
    expect(framing.warnings).toEqual([]);
    expect(checkSectionIntegrity(section!)).toBe('ok');
  });

  it('splits chained sections by each header data_size', () => {
    const framing = splitFitSections(concat(run, settings, run));
    expect(framing.ok).toBe(true);
    if (!framing.ok) return;
    expect(framing.sections.map((section) => section.offset)).toEqual([
      0,
      run.length,
      run.length + settings.length,
    ]);
    expect(framing.sections.map((section) => section.bytes.length)).toEqual([
      run.length,
      settings.length,
      run.length,
    ]);
    expect(framing.sections.every((section) => checkSectionIntegrity(section) === 'ok')).toBe(true);
  });

  it('marks a section whose header announces more bytes than the file holds as truncated', () => {
    const framing = splitFitSections(run.subarray(0, run.length - 40));
    expect(framing.ok && framing.sections[0]).toMatchObject({ truncated: true, hasCrc: false });
    if (framing.ok) expect(checkSectionIntegrity(framing.sections[0]!)).toBe('truncated');
  });

  it('notices a missing CRC and a CRC mismatch', () => {
    const noCrc = splitFitSections(run.subarray(0, run.length - 2));
    expect(noCrc.ok && checkSectionIntegrity(noCrc.sections[0]!)).toBe('crc_missing');
    const flipped = run.slice();
    flipped[40] = flipped[40]! ^ 0x01;
    const bad = splitFitSections(flipped);
    expect(bad.ok && checkSectionIntegrity(bad.sections[0]!)).toBe('crc_mismatch');
  });

  it('warns about trailing bytes that are not a FIT section', () => {
    const framing = splitFitSections(concat(run, new Uint8Array([0, 0, 0, 0, 0])));
    expect(framing.ok).toBe(true);
    if (!framing.ok) return;
    expect(framing.sections).toHaveLength(1);
    expect(framing.warnings).toEqual([expect.stringMatching(/ignored 5 trailing bytes/)]);
  });

  it('rejects empty, tiny and non-FIT input with a reason', () => {
    expect(splitFitSections(new Uint8Array())).toEqual({ ok: false, reason: 'file is empty (0 bytes)' });
    expect(splitFitSections(new Uint8Array(5))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too small/),
    });
    const text = new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>');
    expect(splitFitSections(text)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a FIT file/),
    });
    const noSignature = run.slice();
    noSignature[9] = 0x58;
    expect(splitFitSections(noSignature)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/'\.FIT' signature/),
    });
  });

  it("reads a whole file whose header announces a wrong data size, when the file's CRC covers all of it", () => {
    for (const wrongSize of [0, 100, run.length * 2]) {
      const patched = run.slice();
      new DataView(patched.buffer).setUint32(4, wrongSize, true);
      const framing = splitFitSections(patched);
      expect(framing.ok).toBe(true);
      if (!framing.ok) return;
      expect(framing.sections).toHaveLength(1);
      expect(framing.sections[0]).toMatchObject({
        dataSize: run.length - 16,
        truncated: false,
        hasCrc: true,
      });
      // The parsers read the size from the header: theirs says the repaired one, and the CRCs agree again.
      expect(framing.sections[0]!.bytes).toEqual(run);
      expect(checkSectionIntegrity(framing.sections[0]!)).toBe('ok');
      expect(framing.warnings).toEqual([
        expect.stringMatching(/the header announces \d+ bytes of data, but the file's CRC covers/),
      ]);
    }
  });

  it('keeps the announced size when the CRC does not cover the rest (a real truncation)', () => {
    const cut = run.subarray(0, run.length - 40);
    const framing = splitFitSections(cut);
    expect(framing.ok && framing.sections[0]).toMatchObject({ dataSize: run.length - 16, truncated: true });
    expect(framing.ok && framing.warnings).toEqual([]);
  });

  it('warns about a FIT protocol newer than 2.x', () => {
    const newer = run.slice();
    newer[1] = 0x30;
    const framing = splitFitSections(newer);
    expect(framing.ok && framing.warnings).toContainEqual(
      expect.stringMatching(/FIT protocol 3, newer than/),
    );
  });

  it('accepts the 12-byte header of older files', () => {
    const header = run.subarray(0, 12).slice();
    header[0] = 12;
    expect(checkHeaderAt(header, 0)).toBeNull();
  });
});
