import type { EmulatedActivity } from './strava-model.ts';

export interface ActivityQuery {
  /** Epoch seconds, exclusive bounds on the start time (as Strava applies them). */
  after?: number;
  before?: number;
  page: number;
  perPage: number;
  includePrivate: boolean;
}

/** Every athlete's activities, in memory, kept in start order per athlete. */
export class ActivityStore {
  private readonly byId = new Map<number, EmulatedActivity>();
  private readonly byAthlete = new Map<number, EmulatedActivity[]>();

  add(activity: EmulatedActivity): void {
    if (this.byId.has(activity.id))
      throw new Error(`Strava emulator: activity ${activity.id} already exists`);
    this.byId.set(activity.id, activity);
    const list = this.byAthlete.get(activity.athleteId) ?? [];
    list.push(activity);
    sortByStart(list);
    this.byAthlete.set(activity.athleteId, list);
  }

  get(id: number): EmulatedActivity | undefined {
    return this.byId.get(id);
  }

  require(id: number): EmulatedActivity {
    const activity = this.byId.get(id);
    if (!activity) throw new Error(`Strava emulator: no activity ${id}`);
    return activity;
  }

  /** Applies `changes` in place (the id and owner stay); keeps the athlete's list in start order. */
  update(id: number, changes: Partial<Omit<EmulatedActivity, 'id' | 'athleteId'>>): EmulatedActivity {
    const activity = this.require(id);
    Object.assign(activity, changes);
    sortByStart(this.byAthlete.get(activity.athleteId)!);
    return activity;
  }

  delete(id: number): EmulatedActivity {
    const activity = this.require(id);
    this.byId.delete(id);
    const list = this.byAthlete.get(activity.athleteId)!;
    list.splice(list.indexOf(activity), 1);
    return activity;
  }

  /** The athlete's activities, oldest first (a copy: tests may keep it across changes). */
  listForAthlete(athleteId: number): EmulatedActivity[] {
    return [...(this.byAthlete.get(athleteId) ?? [])];
  }

  deleteAthlete(athleteId: number): void {
    for (const activity of this.byAthlete.get(athleteId) ?? []) this.byId.delete(activity.id);
    this.byAthlete.delete(athleteId);
  }

  /**
   * GET /athlete/activities: newest first — except when only `after` is given, where Strava answers
   * oldest first (so paging forward from a point in time walks towards the present).
   */
  query(athleteId: number, query: ActivityQuery): EmulatedActivity[] {
    const afterMs = query.after === undefined ? -Infinity : query.after * 1000;
    const beforeMs = query.before === undefined ? Infinity : query.before * 1000;
    const matching = (this.byAthlete.get(athleteId) ?? []).filter((activity) => {
      const start = activity.startDate.getTime();
      return start > afterMs && start < beforeMs && (query.includePrivate || !activity.private);
    });
    const oldestFirst = query.after !== undefined && query.before === undefined;
    if (!oldestFirst) matching.reverse();
    const offset = (query.page - 1) * query.perPage;
    return matching.slice(offset, offset + query.perPage);
  }
}

function sortByStart(list: EmulatedActivity[]): void {
  list.sort((a, b) => a.startDate.getTime() - b.startDate.getTime() || a.id - b.id);
}
