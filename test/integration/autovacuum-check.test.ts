import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { warnIfAutovacuumOff } from '../../src/db/autovacuum-check.ts';
import { openDatabase } from '../../src/db/database.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  TEST_POSTGRES_URL,
  testConfig,
} from '../support/services.ts';
import { capturingLogger } from '../support/test-logger.ts';

const postgresUp = await postgresAvailable();

async function serverAutovacuum(): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]!.autovacuum;
  } finally {
    await client.end();
  }
}

describe('the autovacuum warning at the scheduler’s start', () => {
  it.skipIf(!postgresUp)('warns, once, exactly when the server runs without autovacuum', async () => {
    const dataDir = createTempDir();
    const scratch = await createScratchDatabase();
    const db = await openDatabase(testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path }), {
      migrate: true,
    });
    const { logger, lines } = capturingLogger();
    try {
      const off = (await serverAutovacuum()) === 'off';
      expect(await warnIfAutovacuumOff(db, logger)).toBe(off);
      const warnings = lines.filter((line) => line.includes('autovacuum is off'));
      expect(warnings).toHaveLength(off ? 1 : 0);
      if (off) expect(JSON.parse(warnings[0]!).level).toBe(40);
    } finally {
      await db.close();
      await scratch.drop();
      dataDir.remove();
    }
  });

  it('says nothing for the embedded database, which has no autovacuum to turn on', async () => {
    const dataDir = createTempDir();
    const db = await openDatabase(testConfig({ dataDir: dataDir.path }));
    const { logger, lines } = capturingLogger();
    try {
      expect(await warnIfAutovacuumOff(db, logger)).toBe(false);
      expect(lines.join('')).not.toContain('autovacuum');
    } finally {
      await db.close();
      dataDir.remove();
    }
  });
});
