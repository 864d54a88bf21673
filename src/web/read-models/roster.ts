import type pg from 'pg';
import { coachedAthleteIds } from '../access/viewer-role.ts';
import type { Viewer } from '../accounts/web-session.store.ts';
import { loadAthleteCard } from './athlete-card.ts';
import { type AthleteOverview, loadAthleteOverview } from './athlete-overview.ts';

/**
 * A coach's athletes, most worrying first (then by name): only athletes whose runner granted this coach
 * access, read from the grants on every call.
 */
export async function loadRoster(pool: pg.Pool, viewer: Viewer, now: Date): Promise<AthleteOverview[]> {
  const ids = await coachedAthleteIds(pool, viewer);
  const overviews: AthleteOverview[] = [];
  // One athlete after another: a roster is tens of athletes, and the pool is shared with the workers.
  for (const id of ids) {
    const card = await loadAthleteCard(pool, id);
    if (card) overviews.push(await loadAthleteOverview(pool, card, now));
  }
  return overviews.sort((a, b) => b.risk.score - a.risk.score || a.name.localeCompare(b.name));
}
