import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSecretsInLogs } from './find-secrets-in-logs.ts';
import { FIXED_TEST_SECRETS } from './services.ts';

/**
 * vitest globalSetup for `npm test`: gathers the logs of the whole run (test/support/test-run-log.ts) and,
 * at the end, fails the run if any secret an emulator issued, or any of the suites' fixed secrets, is in
 * them. In CI it also fails when it saw too little to mean anything (a gathering that silently broke).
 */
const MIN_LOG_LINES = 1000;
const MIN_SECRETS = 50;

export default function setup(): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'weekwise-test-run-logs-'));
  process.env.WEEKWISE_TEST_RUN_LOG_DIR = directory;
  return () => {
    const files = readdirSync(directory);
    const secrets = new Set(FIXED_TEST_SECRETS);
    for (const file of files.filter((name) => name.startsWith('secrets-')))
      for (const line of readFileSync(join(directory, file), 'utf8').split('\n')) if (line) secrets.add(line);
    const logs = files
      .filter((name) => name.endsWith('.log'))
      .map((name) => ({ name, text: readFileSync(join(directory, name), 'utf8') }));
    const report = findSecretsInLogs(logs, [...secrets]);
    console.log(
      `log scan: ${report.lines} log lines in ${logs.length} files, ${secrets.size} secrets looked for, ${report.hits.length} found`,
    );
    // vitest reports an error thrown here but still exits 0: the exit code is set instead.
    if (report.hits.length > 0) {
      const where = report.hits.map((hit) => `  ${hit.file}:${hit.line} ${hit.secretHint}`).join('\n');
      console.error(`secrets found in the test run's logs (kept in ${directory}):\n${where}`);
      process.exitCode = 1;
      return;
    }
    // A single file run alone gathers little; the whole suite in CI must gather a lot.
    const wholeRun = report.lines >= MIN_LOG_LINES && secrets.size >= MIN_SECRETS;
    if (process.env.CI === 'true' && !wholeRun) {
      console.error(
        `the log scan saw only ${report.lines} lines and ${secrets.size} secrets: gathering is broken`,
      );
      process.exitCode = 1;
    }
    rmSync(directory, { recursive: true, force: true });
  };
}
