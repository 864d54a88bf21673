import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgresql:// URL of the in-process server, on a free loopback port. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: real PostgreSQL (PGlite, compiled to WebAssembly) in this process, served over the
 * PostgreSQL wire protocol on loopback, so the very same pg + Prisma code path runs against it as against a
 * server. PGlite is single-connection: its clients must use a pool of one.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const pgDataDir = join(dataDir, 'pgdata');
  mkdirSync(pgDataDir, { recursive: true });
  const db = await PGlite.create(pgDataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
