import type { EmulatorClock } from '../emulator-clock.ts';
import { type AthleteSpec, type EmulatedAthlete, isStravaScope } from './strava-model.ts';
import { assertTimeZone } from './time-zones.ts';

const FIRST_NAMES = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hugo', 'Inès', 'Jonas'];
const LAST_NAMES = ['Martin', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Keller'];

/**
 * The athletes on the emulated strava.com, and the browser session: `signIn` stands for the runner being
 * logged in on strava.com, so the next consent screen (GET /oauth/authorize) is answered as them.
 */
export class AthleteRegistry {
  private readonly athletes = new Map<number, EmulatedAthlete>();
  private nextId = 31_000_001;
  private signedInId: number | null = null;

  constructor(private readonly clock: EmulatorClock) {}

  add(spec: AthleteSpec = {}): EmulatedAthlete {
    const id = spec.id ?? this.takeId();
    if (this.athletes.has(id)) throw new Error(`Strava emulator: athlete ${id} already exists`);
    for (const scope of spec.grantedScopes ?? []) {
      if (!isStravaScope(scope)) throw new Error(`Strava emulator: unknown scope "${scope}"`);
    }
    const timeZone = spec.timeZone ?? 'Europe/Paris';
    assertTimeZone(timeZone);
    const athlete: EmulatedAthlete = {
      id,
      firstname: spec.firstname ?? FIRST_NAMES[id % FIRST_NAMES.length]!,
      lastname: spec.lastname ?? LAST_NAMES[id % LAST_NAMES.length]!,
      ...(spec.grantedScopes ? { grantedScopes: [...spec.grantedScopes] } : {}),
      denies: spec.denies ?? false,
      timeZone,
      createdAt: this.clock.now(),
    };
    this.athletes.set(id, athlete);
    return athlete;
  }

  get(id: number): EmulatedAthlete | undefined {
    return this.athletes.get(id);
  }

  require(id: number): EmulatedAthlete {
    const athlete = this.athletes.get(id);
    if (!athlete) throw new Error(`Strava emulator: no athlete ${id}`);
    return athlete;
  }

  all(): EmulatedAthlete[] {
    return [...this.athletes.values()];
  }

  signIn(id: number): void {
    this.require(id);
    this.signedInId = id;
  }

  signOut(): void {
    this.signedInId = null;
  }

  signedIn(): EmulatedAthlete | undefined {
    return this.signedInId === null ? undefined : this.athletes.get(this.signedInId);
  }

  private takeId(): number {
    while (this.athletes.has(this.nextId)) this.nextId += 1;
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }
}
