import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConnection } from '../../src/providers/connections/connection.store.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { postgresAvailable, redisAvailable } from '../support/services.ts';
import { type StravaHarness, startStravaHarness } from '../support/strava-harness.ts';

const servicesUp = (await postgresAvailable()) && (await redisAvailable());

/** The ways a connect ends early: each a page the runner can act on, and nothing stored half. */
describe.skipIf(!servicesUp)('connect pages (Strava emulator)', () => {
  const stack = useScratchStack({ redis: true });
  let harness: StravaHarness;

  beforeAll(async () => {
    harness = await startStravaHarness(stack, { workers: 1 });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('refuses a forged or mangled connect link', async () => {
    const response = await fetch(`${harness.publicUrl}/connect/strava?link=not-a-link`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('This link does not work');
    expect(page).toContain('weekwise connect strava');
  });

  it('says Strava did not answer, and stores nothing, when its token endpoint is down', async () => {
    harness.emulator.addAthlete({ id: 901 });
    harness.emulator.faults.set({ serverErrorRate: 1 });
    let result: Awaited<ReturnType<StravaHarness['connect']>>;
    try {
      result = await harness.connect('outage@weekwise.test', 901);
    } finally {
      harness.emulator.faults.clear();
    }
    expect(result.status).toBe(502);
    expect(result.page).toContain('Strava did not answer in time');
    expect(await findConnection(stack.database.pool, 'strava', { externalAthleteId: '901' })).toBeNull();
    // Nothing was used up: the runner starts again and connects.
    const again = await harness.connect('outage@weekwise.test', 901);
    expect(again.page).toContain('Strava is connected');
    await harness.waitForIdle();
  });

  it('refuses a Strava account already linked to another runner', async () => {
    harness.emulator.addAthlete({ id: 902 });
    expect((await harness.connect('first@weekwise.test', 902)).page).toContain('Strava is connected');
    const second = await harness.connect('second@weekwise.test', 902);
    expect(second.status).toBe(409);
    expect(second.page).toContain('Strava was not connected');
    const connection = await findConnection(stack.database.pool, 'strava', { externalAthleteId: '902' });
    const owner = await stack.database.prisma.athlete.findUniqueOrThrow({
      where: { id: connection!.athleteId },
    });
    expect(owner.email).toBe('first@weekwise.test');
    await harness.waitForIdle();
  });
});
