import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { readMigrations } from '../../src/db/migrations.ts';
import { describeDatabase, describeSchemaFile } from '../support/schema-description.ts';
import {
  createScratchDatabase,
  createTempDir,
  postgresAvailable,
  type ScratchDatabase,
  testConfig,
} from '../support/services.ts';

const schemaPath = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'prisma',
  'schema.prisma',
);
const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('schema.prisma and the migrations agree (PostgreSQL server)', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  const dataDir = createTempDir();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase(testConfig({ databaseUrl: scratch.url, dataDir: dataDir.path }), {
      migrate: true,
    });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    dataDir.remove();
  });

  it('has every table, column, type, nullability, default, enum, index and foreign key of schema.prisma', async () => {
    const expected = describeSchemaFile(schemaPath);
    const actual = await describeDatabase(database.pool);
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.enums).toEqual(expected.enums);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it("records the migrations as Prisma does, with each file's SHA-256", async () => {
    const { rows } = await database.pool.query(
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
      readMigrations().map((migration) => [migration.name, migration.checksum, 1]),
    );
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
  });
});

describe('schema.prisma and the migrations agree (embedded PGlite)', () => {
  it('migrates the embedded database to the same schema', async () => {
    const dataDir = createTempDir();
    const database = await openDatabase(testConfig({ dataDir: dataDir.path }));
    try {
      const actual = await describeDatabase(database.pool);
      expect(actual).toEqual(describeSchemaFile(schemaPath));
    } finally {
      await database.close();
      dataDir.remove();
    }
  });
});
