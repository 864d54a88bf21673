import Table, { type TableConstructorOptions } from 'cli-table3';

/** A table for stdout: coloured on a terminal, plain text when piped to a file or another program. */
export function createTable(options: TableConstructorOptions): Table.Table {
  const colour = Boolean(process.stdout.isTTY);
  return new Table({ ...options, style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] } });
}
