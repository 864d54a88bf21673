/**
 * bench:digest — render and send N weekly digests (HTML through MJML, plain text, two PNG charts each)
 * through nodemailer to a local SMTP sink in another process. Prints digests/s and this process's peak
 * resident memory. Target (issue 6): 10,000 digests in under 2 minutes, under 300 MB resident.
 * Baseline measured in the same run: the same number of plain-text-only messages (no rendering), i.e.
 * what SMTP alone costs.
 *   BENCH_DIGESTS=10000 npm run bench:digest
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDigestMessage } from '../../src/digest/build-digest-message.ts';
import type { DigestWeek } from '../../src/digest/digest-week.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { printRows, timed, trackPeakMemory } from './bench-support.ts';

const DIGESTS = Number(process.env.BENCH_DIGESTS ?? 10_000);
/** Digests in flight at once: rendering is CPU, sending is waiting on the socket; a few overlap both. */
const IN_FLIGHT = Number(process.env.BENCH_DIGEST_CONCURRENCY ?? 4);

const here = dirname(fileURLToPath(import.meta.url));
const sink = spawn(process.execPath, ['--import', 'tsx', join(here, 'smtp-sink.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const sinkOutput: string[] = [];
const port = await new Promise<number>((resolve) => {
  sink.stdout.on('data', (chunk: Buffer) => {
    sinkOutput.push(String(chunk));
    const match = /listening (\d+)/.exec(String(chunk));
    if (match) resolve(Number(match[1]));
  });
});
const mailer = createMailer({
  host: '127.0.0.1',
  port,
  secure: false,
  user: null,
  password: null,
  from: 'bench@weekwise.local',
})!;

// Made in a child process (see digest-fixture-weeks.json.ts): only the weeks themselves are kept here.
const fixtures = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(here, 'digest-fixture-weeks.json.ts')],
  {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
if (fixtures.status !== 0) throw new Error('could not make the fixture weeks');
const weeks = JSON.parse(fixtures.stdout) as DigestWeek[];

async function runAll(count: number, send: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await send(next++);
    }),
  );
}

const baseline = await timed(() =>
  runAll(Math.min(DIGESTS, 2000), async (index) => {
    await mailer.send({
      to: `runner${index}@bench.local`,
      subject: 'plain',
      text: 'x'.repeat(2000),
      html: '<p>x</p>',
    });
  }),
);

const memory = trackPeakMemory();
const rendered = await timed(() =>
  runAll(DIGESTS, async (index) => {
    const template = weeks[index % weeks.length]!;
    const week: DigestWeek = {
      ...template,
      athlete: { ...template.athlete, name: `Runner ${index}`, email: `runner${index}@bench.local` },
    };
    const message = await buildDigestMessage(week, {
      unsubscribeUrl: `https://weekwise.example/digest/unsubscribe?token=${index}`,
      appUrl: 'https://weekwise.example',
    });
    await mailer.send({ to: week.athlete.email, ...message, messageId: `<bench.${index}@weekwise>` });
  }),
);
const peak = memory.stop();
mailer.close();
sink.kill('SIGTERM');
await new Promise((resolve) => sink.on('exit', resolve));
const received = /received (\d+)/.exec(sinkOutput.join(''))?.[1];

const plainCount = Math.min(DIGESTS, 2000);
printRows(`Weekly digests: render and send ${DIGESTS} (${IN_FLIGHT} in flight)`, [
  ['digests sent', `${DIGESTS} (the sink received ${received} messages in all, baseline included)`],
  ['time', `${rendered.seconds.toFixed(1)} s (target < 120 s)`],
  ['digests/s', (DIGESTS / rendered.seconds).toFixed(1)],
  ['ms per digest', ((rendered.seconds * 1000) / DIGESTS).toFixed(1)],
  ['peak RSS', `${peak.toFixed(0)} MiB (target < 300 MiB)`],
  [
    'baseline: plain messages/s',
    `${(plainCount / baseline.seconds).toFixed(1)} (SMTP alone, ${plainCount} messages)`,
  ],
  [
    'rendering share of the time',
    `${(100 * (1 - DIGESTS / (plainCount / baseline.seconds) / rendered.seconds)).toFixed(0)} %`,
  ],
]);
process.exit(0);
