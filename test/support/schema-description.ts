import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type pg from 'pg';

/**
 * A comparable description of a PostgreSQL schema: the same shape built from schema.prisma (through
 * Prisma's own schema parser, prisma-schema-wasm) and from a migrated database's catalog. The drift test
 * compares the two.
 */
export interface SchemaDescription {
  tables: Record<string, Record<string, string>>; // table → column → "type [null] [default]"
  enums: Record<string, string[]>;
  indexes: string[];
  foreignKeys: string[];
}

interface DmmfField {
  name: string;
  dbName?: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: Array<{ name: string; values: Array<{ name: string }> }>;
    indexes: Array<{ model: string; type: 'id' | 'unique' | 'normal'; fields: Array<{ name: string }> }>;
  };
}

const require = createRequire(import.meta.url);

export function describeSchemaFile(schemaPath: string): SchemaDescription {
  const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  const schema = readFileSync(schemaPath, 'utf8');
  const dmmf = JSON.parse(
    wasm.get_dmmf(JSON.stringify({ prismaSchema: [[join('schema.prisma'), schema]] })),
  ) as Dmmf;
  const models = new Map(dmmf.datamodel.models.map((model) => [model.name, model]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName)!;
    return field.dbName ?? field.name;
  };

  const tables: SchemaDescription['tables'] = {};
  const foreignKeys: string[] = [];
  for (const model of dmmf.datamodel.models) {
    const columns: Record<string, string> = {};
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields?.length) {
          const target = models.get(field.type)!;
          const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
          foreignKeys.push(
            `${tableOf(model)}(${field.relationFromFields.map((name) => columnOf(model, name)).join(',')}) → ` +
              `${tableOf(target)}(${field.relationToFields!.map((name) => columnOf(target, name)).join(',')}) on delete ${onDelete}`,
          );
        }
        continue;
      }
      const type = field.kind === 'enum' ? field.type : scalarColumnType(field);
      const list = field.isList ? '[]' : '';
      // Prisma creates list columns without NOT NULL.
      const nullable = field.isRequired && !field.isList ? '' : ' null';
      columns[field.dbName ?? field.name] =
        `${type}${list}${nullable}${field.hasDefaultValue ? ' default' : ''}`;
    }
    tables[tableOf(model)] = columns;
  }
  const indexes = dmmf.datamodel.indexes.map((index) => {
    const model = models.get(index.model)!;
    const kind = index.type === 'id' ? 'primary' : index.type;
    return `${tableOf(model)} ${kind}(${index.fields.map((field) => columnOf(model, field.name)).join(',')})`;
  });
  const enums = Object.fromEntries(
    dmmf.datamodel.enums.map((e) => [e.name, e.values.map((value) => value.name)]),
  );
  return { tables, enums, indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
}

function scalarColumnType(field: DmmfField): string {
  const native = field.nativeType?.[0];
  const args = field.nativeType?.[1] ?? [];
  switch (field.type) {
    case 'String':
      return native === 'Uuid' ? 'uuid' : 'text';
    case 'Int':
      return native === 'SmallInt' ? 'smallint' : 'integer';
    case 'BigInt':
      return 'bigint';
    case 'Float':
      return 'double precision';
    case 'Boolean':
      return 'boolean';
    case 'Json':
      return 'jsonb';
    case 'Bytes':
      return 'bytea';
    case 'DateTime':
      if (native === 'Date') return 'date';
      if (native === 'Timestamptz') return `timestamp(${args[0] ?? 6}) with time zone`;
      return 'timestamp(3) without time zone';
    default:
      throw new Error(`no column type mapping for Prisma type ${field.type} (${native ?? 'no native type'})`);
  }
}

const ON_DELETE: Record<string, string> = {
  c: 'Cascade',
  r: 'Restrict',
  n: 'SetNull',
  a: 'NoAction',
  d: 'SetDefault',
};

export async function describeDatabase(pool: pg.Pool): Promise<SchemaDescription> {
  const columns = await pool.query<{
    table: string;
    column: string;
    type: string;
    nullable: boolean;
    has_default: boolean;
    is_enum: boolean;
    enum_name: string;
  }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, a.atthasdef AS has_default,
           (t.typtype = 'e' OR et.typtype = 'e') AS is_enum, coalesce(et.typname, t.typname) AS enum_name
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname, a.attnum`);
  const tables: SchemaDescription['tables'] = {};
  for (const row of columns.rows) {
    const isList = row.type.endsWith('[]');
    const base = row.is_enum ? row.enum_name : row.type.replace(/\[\]$/, '');
    tables[row.table] ??= {};
    tables[row.table]![row.column] =
      `${base}${isList ? '[]' : ''}${row.nullable ? ' null' : ''}${row.has_default ? ' default' : ''}`;
  }
  const enumRows = await pool.query<{ name: string; value: string }>(`
    SELECT t.typname AS name, e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
    JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = current_schema()
    ORDER BY t.typname, e.enumsortorder`);
  const enums: Record<string, string[]> = {};
  for (const row of enumRows.rows) enums[row.name] = [...(enums[row.name] ?? []), row.value];

  const indexRows = await pool.query<{ table: string; primary: boolean; unique: boolean; columns: string }>(`
    SELECT c.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
           (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    WHERE c.relname <> '_prisma_migrations'`);
  const indexes = indexRows.rows
    .map(
      (row) => `${row.table} ${row.primary ? 'primary' : row.unique ? 'unique' : 'normal'}(${row.columns})`,
    )
    .sort();

  const fkRows = await pool.query<{
    table: string;
    columns: string;
    target: string;
    target_columns: string;
    on_delete: string;
  }>(`
    SELECT c.relname AS table, t.relname AS target, con.confdeltype AS on_delete,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS columns,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS target_columns
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class t ON t.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    WHERE con.contype = 'f'`);
  const foreignKeys = fkRows.rows
    .map(
      (row) =>
        `${row.table}(${row.columns}) → ${row.target}(${row.target_columns}) on delete ${ON_DELETE[row.on_delete]}`,
    )
    .sort();
  return { tables, enums, indexes, foreignKeys };
}
