import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIT_FIXTURES_DIR } from './shared-fixtures.ts';

/** One row of ../shared/fixtures/fit/MANIFEST.md: what each real file holds, as its curators recorded it. */
export interface ManifestEntry {
  file: string;
  fileType: string; // activity | settings | workout | ?
  sports: string[]; // per session, e.g. ['running'] or ['swimming/open_water', 'transition', …]
  sessions: number | null;
  records: number | null;
  heartRate: 'yes' | 'no' | 'summary only' | '?';
  parse: string;
  notes: string;
  chained: boolean;
  truncated: boolean;
  empty: boolean;
}

export function readFitManifest(): ManifestEntry[] {
  const text = readFileSync(join(FIT_FIXTURES_DIR, 'MANIFEST.md'), 'utf8');
  const rows = text.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    // | File | Source | Path | License | Maker | Type | Sport | Sessions | Records | HR | GPS | Parse | Notes | Bytes |
    const [, file, , , , , fileType, sport, sessions, records, heartRate, , parse, notes] = cells;
    return {
      file: file!.replaceAll('`', ''),
      fileType: fileType!,
      sports: sport === '-' || sport === '?' ? [] : sport!.split(','),
      sessions: /^\d+$/.test(sessions!) ? Number(sessions) : null,
      records: /^\d+$/.test(records!) ? Number(records) : null,
      heartRate: heartRate as ManifestEntry['heartRate'],
      parse: parse!,
      notes: notes!,
      chained: /chained/i.test(notes!),
      truncated: /TRUNCATED/.test(notes!),
      empty: /EMPTY/.test(notes!),
    };
  });
}

/** What weekwise must make of a manifest file. */
export function expectedImportStatus(entry: ManifestEntry): 'imported' | 'skipped' | 'failed' {
  if (entry.empty) return 'failed';
  if (entry.fileType === 'activity' || entry.truncated) return 'imported';
  return 'skipped';
}
