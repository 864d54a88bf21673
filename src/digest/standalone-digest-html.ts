import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DigestMessage } from './build-digest-message.ts';

/**
 * The digest's HTML as one file a browser opens: every `cid:` image becomes a data: URI. For previews
 * (the CLI, the demo); mail clients get the `cid:` parts instead, which they show without a download.
 */
export function standaloneDigestHtml(message: DigestMessage): string {
  let html = message.html;
  for (const attachment of message.attachments) {
    html = html.replaceAll(
      `cid:${attachment.cid}`,
      `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`,
    );
  }
  return html;
}

export async function writeStandaloneDigestHtml(path: string, message: DigestMessage): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, standaloneDigestHtml(message), 'utf8');
}
