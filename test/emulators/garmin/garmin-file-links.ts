import { randomBytes } from 'node:crypto';
import { recordIssuedSecret } from '../../support/test-run-log.ts';
import type { EmulatorClock } from '../emulator-clock.ts';

/** Garmin: a ping's callback URL is valid for 24 hours and serves one download. */
export const FILE_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

interface FileLink {
  id: string;
  token: string;
  userId: string;
  summaryId: string;
  fitFile: string;
  issuedAtMs: number;
  downloaded: boolean;
}

export type FileClaim =
  | { ok: true; fitFile: string; summaryId: string }
  | { ok: false; status: 403 | 404 | 410; reason: string };

/** The one-shot download links handed out in `activityFiles` pings. */
export class GarminFileLinks {
  private readonly links = new Map<string, FileLink>();

  constructor(private readonly clock: EmulatorClock) {}

  /** Issues a link; returns the query string of its callback URL. */
  issue(userId: string, summaryId: string, fitFile: string): string {
    const link: FileLink = {
      id: randomBytes(12).toString('hex'),
      token: recordedSecret(randomBytes(24).toString('base64url')),
      userId,
      summaryId,
      fitFile,
      issuedAtMs: this.clock.nowMs(),
      downloaded: false,
    };
    this.links.set(link.id, link);
    return new URLSearchParams({ id: link.id, token: link.token }).toString();
  }

  /**
   * Checks a download and, when it may go ahead, uses the link up. A refused request (wrong user, wrong
   * token) does not use it up: only a download served counts.
   */
  claim(id: string | undefined, token: string | undefined, userId: string): FileClaim {
    const link = id ? this.links.get(id) : undefined;
    if (!link || link.token !== token) return { ok: false, status: 404, reason: 'unknown file link' };
    if (link.userId !== userId) return { ok: false, status: 403, reason: 'file belongs to another user' };
    if (this.clock.nowMs() - link.issuedAtMs >= FILE_LINK_LIFETIME_MS) {
      return { ok: false, status: 410, reason: 'file link expired' };
    }
    if (link.downloaded) return { ok: false, status: 410, reason: 'file already downloaded' };
    link.downloaded = true;
    return { ok: true, fitFile: link.fitFile, summaryId: link.summaryId };
  }

  /** Gives the link back when serving failed after the claim (the file could not be read). */
  release(id: string): void {
    const link = this.links.get(id);
    if (link) link.downloaded = false;
  }
}

/** A file link's token is a capability: whoever has the URL has the file, so it must not reach a log. */
function recordedSecret(token: string): string {
  recordIssuedSecret(token);
  return token;
}
