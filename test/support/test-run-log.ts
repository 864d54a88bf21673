import { appendFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * The logs of a whole test run, gathered for the secret scan (test/support/log-scan.global.ts): every
 * weekwise log line the tests produce (in-process loggers at debug level, the output of CLI processes)
 * and every secret the emulators issue. Unset when a test file runs outside `npm test`: then nothing is
 * written.
 */
const directory = process.env.WEEKWISE_TEST_RUN_LOG_DIR ?? null;

let logStream: Writable | null = null;

/** Where in-process loggers write during a gathered run (one file per test process), or null. */
export function runLogDestination(): Writable | null {
  if (!directory) return null;
  logStream ??= createWriteStream(join(directory, `logger-${process.pid}.log`), { flags: 'a' });
  return logStream;
}

/** Output of a weekwise process a test started (its stdout and stderr). */
export function appendProcessOutput(text: string): void {
  if (directory && text) appendFileSync(join(directory, `processes-${process.pid}.log`), text);
}

/** A token, code or capability URL an emulator handed out: it must never appear in a log. */
export function recordIssuedSecret(secret: string): void {
  if (directory) appendFileSync(join(directory, `secrets-${process.pid}.txt`), `${secret}\n`);
}
