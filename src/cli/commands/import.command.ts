import { basename } from 'node:path';
import type { Command } from 'commander';
import { findOrCreateAthlete } from '../../athletes/athlete.repository.ts';
import { importFitFiles } from '../../ingest/import-fit-files.ts';
import type { FileImportResult } from '../../ingest/import-result.ts';
import type { CliContext } from '../cli-context.ts';
import { formatDistance, formatDuration, formatLocalStart } from '../output/format.ts';
import { createProgress } from '../output/progress.ts';
import { createTable } from '../output/table.ts';

interface ImportOptions {
  athlete?: string;
  json?: boolean;
}

export function registerImportCommand(program: Command, context: () => CliContext): void {
  program
    .command('import')
    .summary('import FIT files and folders of them')
    .description(
      'Import FIT activity files. Folders are searched recursively for *.fit files. A file imported before\n' +
        'is reported as a duplicate and stores nothing; a corrupt file is reported with its reason while the\n' +
        'others import. Exit code: 0 when no file failed, 1 when any failed, 2 for a usage error.',
    )
    .argument('<paths...>', 'FIT files or folders')
    .option('-a, --athlete <email>', 'athlete to import for (default: the local athlete)')
    .option('--json', 'print one JSON object per input file, one per line')
    .action(async (paths: string[], options: ImportOptions) => {
      const cli = context();
      const db = await cli.db();
      const athlete = await findOrCreateAthlete(db.prisma, options.athlete ?? cli.config.defaultAthleteEmail);
      const progress = createProgress(!options.json, 'files');
      const queue = await cli.queue();
      const results = await importFitFiles(paths, {
        db,
        athlete,
        queue,
        logger: cli.logger,
        onStart: (count) => progress.start(count),
        onFile: (result) => {
          progress.tick(basename(result.file));
          if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        },
      });
      progress.stop();
      if (!options.json) printImportTable(results);
      const created = results.some((result) => result.status === 'imported');
      if (created && queue.kind === 'in-process') {
        if (!options.json) process.stderr.write('Analysing the new activities…\n');
        await queue.whenIdle();
      } else if (created && !options.json) {
        console.log('New activities are queued for analysis by the weekwise worker.');
      }
      process.exitCode = results.some((result) => result.status === 'failed') ? 1 : 0;
    });
}

function printImportTable(results: FileImportResult[]): void {
  const table = createTable({
    head: ['file', 'status', 'activities', 'note'],
    wordWrap: true,
    colWidths: [36, 11, 50, 38],
  });
  for (const result of results) {
    const activities = result.activities
      .map((activity) =>
        [
          activity.sport,
          formatLocalStart(activity.localStartTime),
          formatDuration(activity.durationS),
          formatDistance(activity.distanceM),
          activity.hasHeartRate ? 'HR' : 'no HR',
        ].join('  '),
      )
      .join('\n');
    const note = [result.reason, ...(result.warnings ?? [])].filter(Boolean).join('\n');
    table.push([basename(result.file), result.status, activities || '–', note]);
  }
  console.log(table.toString());
  const count = (status: FileImportResult['status']) =>
    results.filter((result) => result.status === status).length;
  console.log(
    `${results.length} file(s): ${count('imported')} imported, ${count('duplicate')} duplicate, ` +
      `${count('skipped')} skipped, ${count('failed')} failed`,
  );
}
