import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';

export function registerDbCommand(program: Command, context: () => CliContext): void {
  const db = program.command('db').summary('database maintenance').description('Database maintenance.');
  db.command('migrate')
    .summary('apply pending migrations')
    .description(
      "Apply the pending migrations in prisma/migrations, recording them in Prisma's _prisma_migrations\n" +
        'table so that `prisma migrate deploy` agrees. The embedded database is migrated automatically.',
    )
    .action(async () => {
      const cli = context();
      const { openDatabase } = await import('../../db/database.ts');
      const database = await openDatabase(cli.config, {
        migrate: true,
        onMigrated: (report) => {
          for (const name of report.applied) console.log(`applied  ${name}`);
          for (const name of report.modified)
            console.warn(`warning: ${name} was changed after it was applied`);
          for (const name of report.unknown)
            console.warn(`warning: ${name} is applied but unknown to this version`);
          console.log(
            report.applied.length
              ? `${report.applied.length} migration(s) applied`
              : `database is up to date (${report.alreadyApplied.length} migration(s))`,
          );
        },
      });
      cli.logger.debug({ kind: database.kind }, 'migrated');
      await database.close();
    });
}
