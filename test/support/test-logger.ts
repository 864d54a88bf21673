import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger.ts';

export const silentLogger = createLogger({ level: 'silent' });

/** A logger at `debug` that keeps every line, for tests that check what weekwise writes to its logs. */
export function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}
