import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PrismaClient } from '../db/database.ts';
import type { FitDecodeResult } from '../fit/decode-fit-file.ts';
import type { FitDecoder } from '../fit/fit-decoder.ts';
import type { ImportLog } from '../generated/prisma/client.ts';

/** A file read, hashed and — unless it was imported before — decoded: everything but the writes. */
export interface PreparedFitFile {
  path: string;
  fileName: string;
  contentHash: string;
  sizeBytes: number;
  /** The import that stored this very content before, if any: the file is not decoded again. */
  earlier: ImportLog | null;
  decoded: FitDecodeResult | null;
}

export async function prepareFitFile(
  prisma: PrismaClient,
  decoder: FitDecoder,
  athleteId: string,
  path: string,
): Promise<PreparedFitFile> {
  const bytes = await readFile(path);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const earlier = await findEarlierImport(prisma, athleteId, contentHash);
  return {
    path,
    fileName: basename(path),
    contentHash,
    sizeBytes: bytes.length,
    earlier,
    decoded: earlier ? null : await decoder.decode(bytes),
  };
}

export function findEarlierImport(
  prisma: PrismaClient,
  athleteId: string,
  contentHash: string,
): Promise<ImportLog | null> {
  return prisma.importLog.findFirst({
    where: { athleteId, contentHash, status: { in: ['imported', 'duplicate'] } },
    orderBy: { createdAt: 'asc' },
  });
}
