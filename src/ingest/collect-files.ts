import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type CollectedPath = { path: string; problem?: undefined } | { path: string; problem: string };

/**
 * Expands the paths a user gave into files: folders recursively (sorted, hidden entries skipped), files as
 * given. A path that does not exist is kept with its problem, so that it is reported, not dropped.
 */
export async function collectFiles(paths: string[]): Promise<CollectedPath[]> {
  const collected: CollectedPath[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) collected.push({ path, problem: 'no such file or folder' });
    else if (info.isDirectory()) collected.push(...(await listFolder(path)));
    else collected.push({ path });
  }
  return collected;
}

async function listFolder(folder: string): Promise<CollectedPath[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((left, right) => left.name.localeCompare(right.name));
  const files: CollectedPath[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFolder(path)));
    else if (entry.isFile() && /\.fit$/i.test(entry.name)) files.push({ path });
  }
  return files;
}
