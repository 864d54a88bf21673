import type pg from 'pg';
import type { Provider } from '../generated/prisma/enums.ts';

type Queryable = pg.Pool | pg.PoolClient;

export interface ProviderEventRow {
  id: string;
  provider: Provider;
  kind: string;
  payload: unknown;
  processedAt: Date | null;
}

/**
 * Stores a notification before we answer the provider; a re-delivery (same dedupe key) stores nothing
 * and returns null, so it is processed once.
 */
export async function insertProviderEvent(
  db: Queryable,
  event: { provider: Provider; kind: string; dedupeKey: string; payload: unknown },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO provider_event (provider, kind, dedupe_key, payload) VALUES ($1, $2, $3, $4)
     ON CONFLICT (provider, dedupe_key) DO NOTHING RETURNING id`,
    [event.provider, event.kind, event.dedupeKey, JSON.stringify(event.payload)],
  );
  return rows[0]?.id ?? null;
}

export async function loadProviderEvent(db: Queryable, id: string): Promise<ProviderEventRow | null> {
  const { rows } = await db.query<ProviderEventRow>(
    `SELECT id, provider, kind, payload, processed_at AS "processedAt" FROM provider_event WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function markProviderEventProcessed(
  db: Queryable,
  id: string,
  note: string | null,
): Promise<void> {
  await db.query(
    'UPDATE provider_event SET processed_at = now(), attempts = attempts + 1, last_error = $2 WHERE id = $1',
    [id, note],
  );
}

export async function recordProviderEventFailure(db: Queryable, id: string, error: string): Promise<void> {
  await db.query('UPDATE provider_event SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [
    id,
    error,
  ]);
}

/** Events stored but never processed (the queue was down when they came): for the scheduler to requeue. */
export async function findUnprocessedEvents(
  db: Queryable,
  provider: Provider,
  olderThan: Date,
  limit = 1000,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM provider_event WHERE provider = $1 AND processed_at IS NULL AND received_at < $2
     ORDER BY received_at LIMIT $3`,
    [provider, olderThan, limit],
  );
  return rows.map((row) => row.id);
}
