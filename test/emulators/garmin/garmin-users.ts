import { randomUUID } from 'node:crypto';
import { GARMIN_PERMISSIONS, type GarminPermission } from './garmin-emulator.types.ts';

export interface GarminUser {
  /** Garmin's stable user id (a UUID), the same for every app the user connects. */
  userId: string;
  permissions: GarminPermission[];
  /** False once the user (or the app) removed the connection. */
  registered: boolean;
}

/** What the browser "is" on the consent page: the signed-in Garmin user and what they will click. */
export interface ConsentSession {
  userId: string;
  decline: boolean;
  /** The permissions left ticked on the consent screen; the user's own when unset. */
  grant: GarminPermission[] | undefined;
}

export class GarminUsers {
  private readonly users = new Map<string, GarminUser>();
  private session: ConsentSession | null = null;

  add(options: { userId?: string; permissions?: readonly GarminPermission[] } = {}): GarminUser {
    const userId = options.userId ?? randomUUID();
    if (this.users.has(userId)) throw new Error(`Garmin emulator: user ${userId} already exists`);
    const permissions = [...(options.permissions ?? GARMIN_PERMISSIONS)];
    assertKnownPermissions(permissions);
    const user: GarminUser = { userId, permissions, registered: true };
    this.users.set(userId, user);
    return user;
  }

  find(userId: string): GarminUser | undefined {
    return this.users.get(userId);
  }

  require(userId: string): GarminUser {
    const user = this.users.get(userId);
    if (!user) throw new Error(`Garmin emulator: no user ${userId} (call addUser first)`);
    return user;
  }

  list(): GarminUser[] {
    return [...this.users.values()];
  }

  setPermissions(userId: string, permissions: readonly GarminPermission[]): GarminUser {
    assertKnownPermissions(permissions);
    const user = this.require(userId);
    user.permissions = [...permissions];
    return user;
  }

  signIn(userId: string, options: { decline?: boolean; grant?: readonly GarminPermission[] } = {}): void {
    this.require(userId);
    if (options.grant) assertKnownPermissions(options.grant);
    this.session = { userId, decline: options.decline ?? false, grant: options.grant && [...options.grant] };
  }

  signOut(): void {
    this.session = null;
  }

  currentSession(): ConsentSession | null {
    return this.session;
  }
}

function assertKnownPermissions(permissions: readonly string[]): void {
  const unknown = permissions.filter((name) => !(GARMIN_PERMISSIONS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `Garmin emulator: unknown permissions ${unknown.join(', ')}; Garmin's are ${GARMIN_PERMISSIONS}`,
    );
  }
}
