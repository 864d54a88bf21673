import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ConnectionStatus, Provider } from '../../generated/prisma/enums.ts';
import type { TokenCipher } from '../../security/token-cipher.ts';

type Queryable = pg.Pool | pg.PoolClient;

/** The tokens of one link to a provider, in plain text: they exist only in memory, never in a row or log. */
export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export interface StoredConnection {
  id: string;
  athleteId: string;
  provider: Provider;
  externalAthleteId: string;
  grantedScopes: string[];
  status: ConnectionStatus;
  statusReason: string | null;
  accessExpiresAt: Date | null;
  backfillBefore: Date | null;
  backfillPage: number | null;
  backfillDoneAt: Date | null;
  newestSeenAt: Date | null;
  lastSyncedAt: Date | null;
}

const columnsOf = (table: string) => `${table}.id, ${table}.athlete_id AS "athleteId", ${table}.provider,
  ${table}.external_athlete_id AS "externalAthleteId", ${table}.granted_scopes AS "grantedScopes", ${table}.status,
  ${table}.status_reason AS "statusReason", ${table}.access_expires_at AS "accessExpiresAt",
  ${table}.backfill_before AS "backfillBefore", ${table}.backfill_page AS "backfillPage",
  ${table}.backfill_done_at AS "backfillDoneAt", ${table}.newest_seen_at AS "newestSeenAt",
  ${table}.last_synced_at AS "lastSyncedAt"`;
const COLUMNS = columnsOf('provider_connection');

/**
 * Associated data binds each ciphertext to its row and column (see TokenCipher): a token pasted into
 * another connection's row, or swapped between columns, fails to decrypt.
 */
export const tokenAssociatedData = (connectionId: string, column: 'access' | 'refresh') =>
  `provider_connection:${connectionId}:${column}_token`;

export class ConnectionConflictError extends Error {
  override name = 'ConnectionConflictError';
}

/**
 * Stores a new or renewed link after the runner authorised weekwise: tokens encrypted, status active, the
 * granted scopes as the provider reported them. A provider account already linked to another athlete is
 * refused: one provider account feeds one athlete.
 */
export async function saveConnection(
  db: Queryable,
  cipher: TokenCipher,
  link: {
    athleteId: string;
    provider: Provider;
    externalAthleteId: string;
    tokens: ConnectionTokens;
    grantedScopes: string[];
  },
): Promise<StoredConnection> {
  const { rows: taken } = await db.query<{ athleteId: string }>(
    `SELECT athlete_id AS "athleteId" FROM provider_connection WHERE provider = $1 AND external_athlete_id = $2`,
    [link.provider, link.externalAthleteId],
  );
  if (taken[0] && taken[0].athleteId !== link.athleteId) {
    throw new ConnectionConflictError(
      `this ${link.provider} account is already linked to another weekwise athlete`,
    );
  }
  const { rows: existing } = await db.query<{ id: string }>(
    'SELECT id FROM provider_connection WHERE athlete_id = $1 AND provider = $2',
    [link.athleteId, link.provider],
  );
  const id = existing[0]?.id ?? randomUUID();
  const { rows } = await db.query<StoredConnection>(
    `INSERT INTO provider_connection (id, athlete_id, provider, external_athlete_id, access_token_enc,
       refresh_token_enc, access_expires_at, granted_scopes, status, status_reason, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', NULL, now())
     ON CONFLICT (athlete_id, provider) DO UPDATE SET external_athlete_id = EXCLUDED.external_athlete_id,
       access_token_enc = EXCLUDED.access_token_enc, refresh_token_enc = EXCLUDED.refresh_token_enc,
       access_expires_at = EXCLUDED.access_expires_at, granted_scopes = EXCLUDED.granted_scopes,
       status = 'active', status_reason = NULL, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      id,
      link.athleteId,
      link.provider,
      link.externalAthleteId,
      cipher.encrypt(link.tokens.accessToken, tokenAssociatedData(id, 'access')),
      cipher.encrypt(link.tokens.refreshToken, tokenAssociatedData(id, 'refresh')),
      link.tokens.expiresAt,
      link.grantedScopes,
    ],
  );
  return rows[0]!;
}

export async function loadConnection(db: Queryable, id: string): Promise<StoredConnection | null> {
  const { rows } = await db.query<StoredConnection>(
    `SELECT ${COLUMNS} FROM provider_connection WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findConnection(
  db: Queryable,
  provider: Provider,
  by: { externalAthleteId: string } | { athleteId: string },
): Promise<StoredConnection | null> {
  const [column, value] =
    'externalAthleteId' in by ? ['external_athlete_id', by.externalAthleteId] : ['athlete_id', by.athleteId];
  const { rows } = await db.query<StoredConnection>(
    `SELECT ${COLUMNS} FROM provider_connection WHERE provider = $1 AND ${column} = $2`,
    [provider, value],
  );
  return rows[0] ?? null;
}

export async function listConnections(
  db: Queryable,
  filter: { athleteId?: string; provider?: Provider; status?: ConnectionStatus } = {},
): Promise<Array<StoredConnection & { athleteEmail: string }>> {
  const { rows } = await db.query<StoredConnection & { athleteEmail: string }>(
    `SELECT ${columnsOf('c')}, a.email AS "athleteEmail"
     FROM provider_connection c JOIN athlete a ON a.id = c.athlete_id
     WHERE ($1::uuid IS NULL OR c.athlete_id = $1) AND ($2::"Provider" IS NULL OR c.provider = $2)
       AND ($3::"ConnectionStatus" IS NULL OR c.status = $3)
     ORDER BY a.email, c.provider`,
    [filter.athleteId ?? null, filter.provider ?? null, filter.status ?? null],
  );
  return rows;
}

export async function setConnectionStatus(
  db: Queryable,
  id: string,
  status: ConnectionStatus,
  reason: string | null,
): Promise<void> {
  // A link that is not active keeps no usable token: nothing can sync with it by mistake.
  const clearTokens = status === 'revoked';
  await db.query(
    `UPDATE provider_connection SET status = $2, status_reason = $3, updated_at = now()
       ${clearTokens ? ', access_token_enc = NULL, refresh_token_enc = NULL, access_expires_at = NULL' : ''}
     WHERE id = $1`,
    [id, status, reason],
  );
}

/** Records how far the sync has come (only the fields given). */
export async function updateSyncProgress(
  db: Queryable,
  id: string,
  progress: Partial<
    Pick<
      StoredConnection,
      'backfillBefore' | 'backfillPage' | 'backfillDoneAt' | 'newestSeenAt' | 'lastSyncedAt'
    >
  >,
): Promise<void> {
  const columns: Record<keyof typeof progress, string> = {
    backfillBefore: 'backfill_before',
    backfillPage: 'backfill_page',
    backfillDoneAt: 'backfill_done_at',
    newestSeenAt: 'newest_seen_at',
    lastSyncedAt: 'last_synced_at',
  };
  const entries = Object.entries(progress) as Array<[keyof typeof progress, unknown]>;
  if (!entries.length) return;
  const sets = entries.map(([key], index) =>
    // The newest activity seen only moves forward, whichever job reports last.
    key === 'newestSeenAt'
      ? `newest_seen_at = GREATEST(newest_seen_at, $${index + 2})`
      : `${columns[key]} = $${index + 2}`,
  );
  await db.query(`UPDATE provider_connection SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
    id,
    ...entries.map(([, value]) => value),
  ]);
}
