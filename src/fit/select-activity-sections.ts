import { fileTypeName } from './fit-file-type.ts';
import { emptyFitContent, type FitContent, type FitMessage } from './fit-message.ts';
import type { ParsedSection } from './parse-fit-section.ts';

export type ActivitySections =
  | { ok: true; sections: ParsedSection[]; content: FitContent; unknownType: string | null }
  | { ok: false; fileType: string };

/**
 * A file is an activity when one of its sections says so (file_id.type); sections without file_id
 * (chained heart-rate data) belong to it, sections of another type (settings) do not. A type the profile
 * does not know, or no file_id at all, is read as an activity when the file holds one.
 */
export function selectActivitySections(sections: readonly ParsedSection[]): ActivitySections {
  const typed = sections.map((section) => ({ section, type: fileTypeName(section.content.fileIds[0]) }));
  if (typed.some((entry) => entry.type === 'activity')) {
    const chosen = typed
      .filter((entry) => entry.type === 'activity' || entry.type === null)
      .map((entry) => entry.section);
    return { ok: true, sections: chosen, content: mergeContents(chosen), unknownType: null };
  }
  const declared = typed.find((entry) => entry.type !== null)?.type ?? null;
  const holdsActivity = sections.some(
    (section) => section.content.sessions.length > 0 || section.content.records.length > 0,
  );
  if (declared !== null && !(declared.startsWith('unknown') && holdsActivity))
    return { ok: false, fileType: declared };
  return { ok: true, sections: [...sections], content: mergeContents(sections), unknownType: declared };
}

function mergeContents(sections: readonly ParsedSection[]): FitContent {
  if (sections.length === 1) return sections[0]!.content;
  const merged = emptyFitContent();
  for (const { content } of sections) {
    merged.fileIds.push(...content.fileIds);
    merged.sessions.push(...content.sessions);
    pushAll(merged.records, content.records);
    merged.laps.push(...content.laps);
    merged.activities.push(...content.activities);
    merged.sports.push(...content.sports);
    merged.deviceInfos.push(...content.deviceInfos);
    merged.hrMessageCount += content.hrMessageCount;
  }
  return merged;
}

/** Spread arguments overflow the stack beyond ~100k items; records can be that many. */
function pushAll(target: FitMessage[], items: readonly FitMessage[]): void {
  for (const item of items) target.push(item);
}
