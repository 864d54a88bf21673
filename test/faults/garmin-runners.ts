import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '../../src/db/database.ts';
import type { TokenSigner } from '../../src/security/signed-token.ts';
import type { GarminEmulator } from '../emulators/garmin/garmin-emulator.ts';
import { connectRunner } from './connect-runner.ts';
import type { GarminRunner } from './garmin-audit.ts';

const DAY_MS = 24 * 3600_000;

/**
 * Garmin runners with a history on Garmin Connect (runs every week or so, within the year weekwise asks
 * for), connected through the OAuth flow while Garmin already fails a share of its calls: a connect that
 * ends on "Garmin did not answer" is tried again, as the runner would.
 */
export async function connectGarminRunners(options: {
  garmin: GarminEmulator;
  prisma: PrismaClient;
  signer: TokenSigner;
  publicUrl: string;
  count: number;
  historyPerRunner: number;
  now: Date;
}): Promise<GarminRunner[]> {
  const runners: GarminRunner[] = [];
  for (let index = 0; index < options.count; index++) {
    const { userId } = options.garmin.addUser();
    for (let run = 0; run < options.historyPerRunner; run++) {
      // From ten months ago to a week ago, some 40 minutes each.
      const daysAgo = 8 + ((300 - 8) * run) / Math.max(1, options.historyPerRunner - 1);
      await options.garmin.addActivity(userId, {
        startTime: new Date(options.now.getTime() - daysAgo * DAY_MS),
        durationInSeconds: 1800 + ((run * 617) % 2400),
      });
    }
    const email = `garmin-runner-${index + 1}@faults.test`;
    const athleteId = await withRetries(`connecting ${email}`, () =>
      connectRunner({
        prisma: options.prisma,
        signer: options.signer,
        publicUrl: options.publicUrl,
        provider: 'garmin',
        signIn: () => options.garmin.signIn(userId),
        email,
      }),
    );
    runners.push({ email, athleteId, garminUserId: userId });
  }
  return runners;
}

async function withRetries<T>(what: string, attempt: () => Promise<T>, attempts = 8): Promise<T> {
  let last: unknown;
  for (let tries = 0; tries < attempts; tries++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
      await sleep(250);
    }
  }
  throw new Error(`${what}: ${attempts} attempts failed, the last with ${String(last)}`);
}
