import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger.ts';
import { runLogDestination } from './test-run-log.ts';

/**
 * The logger tests hand to weekwise when they do not read its output: silent, except in a gathered
 * `npm test` run, where it writes at debug level for the secret scan (test-run-log.ts).
 */
const runLog = runLogDestination();
export const silentLogger = runLog
  ? createLogger({ level: 'debug', destination: runLog })
  : createLogger({ level: 'silent' });

/** A logger at `debug` that keeps every line, for tests that check what weekwise writes to its logs. */
export function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      runLog?.write(chunk);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}
