import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.ts';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logger', () => {
  it('redacts tokens and secrets wherever they sit in a logged object', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info(
      {
        access_token: 'AT-plain-1',
        response: { refresh_token: 'RT-plain-2', athlete: { id: 7 } },
        request: { headers: { authorization: 'Bearer AT-plain-3' } },
        connection: { accessToken: 'AT-plain-4' },
      },
      'token exchanged',
    );
    const line = out.text();
    for (const secret of ['AT-plain-1', 'RT-plain-2', 'AT-plain-3', 'AT-plain-4'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line).response.athlete.id).toBe(7);
  });

  it('writes JSON lines off a terminal and respects the level', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn({ file: 'a.fit' }, 'shown');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'shown', file: 'a.fit' });
  });
});
