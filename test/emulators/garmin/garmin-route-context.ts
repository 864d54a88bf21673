import type { EmulatorClock } from '../emulator-clock.ts';
import type { BackfillType, GarminBackfillRequests } from './garmin-backfill-requests.ts';
import type { GarminFileLinks } from './garmin-file-links.ts';
import type { GarminOAuthTokens } from './garmin-oauth-tokens.ts';
import type { GarminStats } from './garmin-stats.ts';
import type { GarminUsers } from './garmin-users.ts';

/** What the emulator's HTTP routes share; the emulator owns every part. */
export interface GarminRouteContext {
  clientId: string;
  clientSecret: string;
  clock: EmulatorClock;
  users: GarminUsers;
  tokens: GarminOAuthTokens;
  fileLinks: GarminFileLinks;
  backfills: GarminBackfillRequests;
  stats: GarminStats;
  /** An accepted backfill: the data is delivered later, by push. */
  scheduleBackfill(userId: string, type: BackfillType, startS: number, endS: number): void;
  /** The app removed the user's registration: Garmin confirms with a deregistration notification. */
  notifyDeregistered(userId: string): void;
}
