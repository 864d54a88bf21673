import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ParsedMail } from 'mailparser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config/config.ts';
import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { findOrCreateAthlete } from '../../src/athletes/athlete.repository.ts';
import { updateAthleteSettings } from '../../src/athletes/update-athlete-settings.ts';
import { queueDueDigests } from '../../src/digest-delivery/find-due-digests.ts';
import { sendDigest } from '../../src/digest-delivery/send-digest.ts';
import { createUnsubscribeUrl } from '../../src/digest-delivery/unsubscribe-link.ts';
import { createServer } from '../../src/http/create-server.ts';
import { importFitFiles } from '../../src/ingest/import-fit-files.ts';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import { startBullmqWorkers } from '../../src/jobs/bullmq-job-worker.ts';
import type { JobContext } from '../../src/jobs/job-registry.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { createProviderServices } from '../../src/providers/provider-services.ts';
import { DEFAULT_PHYSIOLOGY, writeSyntheticFitFolder } from '../../src/synthetic/index.ts';
import { createJobRegistry } from '../../workers/jobs/index.ts';
import { EmulatorClock } from '../emulators/emulator-clock.ts';
import { useScratchStack } from '../support/scratch-stack.ts';
import { createTempDir, postgresAvailable, redisAvailable, TEST_REDIS_URL } from '../support/services.ts';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture.ts';
import { capturingLogger, silentLogger } from '../support/test-logger.ts';

const ready = (await postgresAvailable()) && (await redisAvailable());

/** Monday 2026-11-16, 07:00 in Paris: the Paris runners' week of 9–15 November has just come due. */
const PARIS_DUE = new Date('2026-11-16T06:00:00Z');
const FIRST_WEEK = '2026-10-26';

describe.skipIf(!ready)(
  'weekly digests: scheduled, sent once through a real SMTP server, retried, refused',
  () => {
    const stack = useScratchStack({ redis: true });
    const files = createTempDir();
    const clock = new EmulatorClock();
    let smtp: SmtpCapture;
    let config: Config;
    let context: JobContext;
    const connections: Redis[] = [];
    const workers: Worker[] = [];
    const ids: Record<string, string> = {};

    const seedRunner = async (email: string, timeZone: string, seed: number) => {
      const folder = join(files.path, email);
      await writeSyntheticFitFolder(folder, {
        seed,
        weeks: ['balanced', 'grey_heavy', 'balanced'],
        timeZone,
        firstWeekStart: FIRST_WEEK,
        physiology: DEFAULT_PHYSIOLOGY,
      });
      const athlete = await findOrCreateAthlete(stack.database.prisma, email);
      await updateAthleteSettings(stack.database.prisma, athlete, {
        timeZone,
        maxHr: DEFAULT_PHYSIOLOGY.maxHr,
        restingHr: DEFAULT_PHYSIOLOGY.restingHr,
        lthr: DEFAULT_PHYSIOLOGY.lthr,
        validFrom: FIRST_WEEK,
      });
      const stored = await stack.database.prisma.athlete.findUniqueOrThrow({ where: { id: athlete.id } });
      await importFitFiles([folder], { db: stack.database, athlete: stored, logger: silentLogger });
      await recomputeAthleteAnalysis(stack.database, athlete.id, RULE_SET_V1, PARIS_DUE);
      ids[email] = athlete.id;
    };

    const messagesTo = (email: string) => smtp.messages.filter((mail) => mail.to.includes(email));
    const digestRow = async (email: string, weekStart: string) =>
      (
        await stack.database.pool.query(
          `SELECT status, attempts, last_error AS "lastError", message_id AS "messageId" FROM digest
         WHERE athlete_id = $1 AND week_start = $2`,
          [ids[email], weekStart],
        )
      ).rows[0];
    const waitForMailQueue = async (queue: BullmqJobQueue) => {
      for (let tries = 0; tries < 300 && (await queue.unfinishedCount('mail')) > 0; tries++) await sleep(100);
    };

    beforeAll(async () => {
      clock.freeze(PARIS_DUE);
      smtp = await startSmtpCapture({ refuse: (address) => address.startsWith('bounce') });
      config = {
        ...stack.config,
        http: { host: '127.0.0.1', port: 0, publicUrl: 'https://weekwise.example' },
        mail: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          user: null,
          password: null,
          from: 'weekwise <digest@weekwise.example>',
        },
      };
      await seedRunner('paris@weekwise.test', 'Europe/Paris', 31);
      await seedRunner('bounce@weekwise.test', 'Europe/Paris', 32);
      await seedRunner('la@weekwise.test', 'America/Los_Angeles', 33);
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      connections.push(redis);
      context = {
        config,
        db: stack.database,
        queue: new BullmqJobQueue(redis, stack.queuePrefix),
        logger: silentLogger,
        clock,
        providers: createProviderServices({ config, pool: stack.database.pool, redis, clock }),
        mailer: createMailer(config.mail),
      };
      workers.push(
        ...startBullmqWorkers(createJobRegistry(), redis, context, {
          prefix: stack.queuePrefix,
          concurrency: 2,
          lockDurationMs: 30_000,
        }),
      );
    }, 120_000);
    afterAll(async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      for (const redis of connections) redis.disconnect();
      await smtp?.close();
      files.remove();
    });

    it('two schedulers scanning at once send one email per runner and week, only where the week has closed', async () => {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      connections.push(redis);
      const [first, second] = await Promise.all([
        queueDueDigests(stack.database, new BullmqJobQueue(redis, stack.queuePrefix), clock.now()),
        queueDueDigests(stack.database, new BullmqJobQueue(redis, stack.queuePrefix), clock.now()),
      ]);
      // Paris and bounce are due (Monday 07:00 in Paris); in Los Angeles it is still Sunday night.
      expect(first.queued + second.queued).toBe(2);
      await waitForMailQueue(context.queue as BullmqJobQueue);
      const [mail] = await Promise.all([
        smtp.waitForMessage((message) => message.to.includes('paris@weekwise.test')),
      ]);
      await sleep(300);
      expect(messagesTo('paris@weekwise.test')).toHaveLength(1);
      expect(messagesTo('la@weekwise.test')).toHaveLength(0);
      expect(await digestRow('paris@weekwise.test', '2026-11-09')).toMatchObject({
        status: 'sent',
        attempts: 1,
      });

      // The message as a mail client sees it: both parts, the charts inline, the unsubscribe headers.
      const parsed = mail!.parsed;
      expect(mail!.text).toContain('9');
      expect(mail!.html).toMatch(/<html/i);
      const images = parsed.attachments.filter((attachment) => attachment.contentType === 'image/png');
      expect(images.length).toBeGreaterThanOrEqual(1);
      for (const image of images) {
        // Inline parts of a multipart/related message, referenced by the HTML: mailparser swaps each
        // matching cid: reference for the image's data, so one data: URI per image proves they match.
        expect(image.related).toBe(true);
        expect(image.cid).toBeTruthy();
        expect(image.content.subarray(1, 4).toString()).toBe('PNG');
      }
      expect(mail!.html.match(/src="data:image\/png/g)?.length).toBe(images.length);
      const unsubscribe = rawHeader(parsed, 'list-unsubscribe');
      expect(unsubscribe).toMatch(/^<https:\/\/weekwise\.example\/digest\/unsubscribe\?token=.+>$/);
      expect(rawHeader(parsed, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(parsed.messageId).toContain(`digest.${ids['paris@weekwise.test']}.2026-11-09@weekwise`);

      // Los Angeles' Monday 07:00 comes nine hours later.
      clock.freeze(new Date('2026-11-16T15:00:00Z'));
      expect((await queueDueDigests(stack.database, context.queue, clock.now())).queued).toBe(1);
      await smtp.waitForMessage((message) => message.to.includes('la@weekwise.test'));
      await waitForMailQueue(context.queue as BullmqJobQueue);
      expect(messagesTo('paris@weekwise.test')).toHaveLength(1);
    });

    it('marks a refused address and does not try it again the next week', async () => {
      expect(await digestRow('bounce@weekwise.test', '2026-11-09')).toMatchObject({ status: 'refused' });
      const athlete = await stack.database.prisma.athlete.findUniqueOrThrow({
        where: { id: ids['bounce@weekwise.test'] },
      });
      expect(athlete.emailRefusedAt).not.toBeNull();
      expect(athlete.emailRefusedWhy).toMatch(/550|does not exist/);
      clock.freeze(new Date('2026-11-23T06:00:00Z'));
      await queueDueDigests(stack.database, context.queue, clock.now());
      expect(await digestRow('bounce@weekwise.test', '2026-11-16')).toBeUndefined();
      await waitForMailQueue(context.queue as BullmqJobQueue);
    });

    it('keeps a digest pending while SMTP is down and sends it once when it is back', async () => {
      await stack.database.pool.query(
        `INSERT INTO digest (athlete_id, week_start) VALUES ($1, '2026-11-02')`,
        [ids['paris@weekwise.test']],
      );
      const down = await startSmtpCapture();
      await down.close(); // a port nobody listens on any more
      const unreachable = createMailer({ ...config.mail!, port: down.port });
      await expect(
        sendDigest({ ...context, mailer: unreachable }, ids['paris@weekwise.test']!, '2026-11-02'),
      ).rejects.toThrow();
      expect(await digestRow('paris@weekwise.test', '2026-11-02')).toMatchObject({ status: 'pending' });
      const before = messagesTo('paris@weekwise.test').length;
      await sendDigest(context, ids['paris@weekwise.test']!, '2026-11-02');
      await sendDigest(context, ids['paris@weekwise.test']!, '2026-11-02'); // a duplicate job changes nothing
      expect(messagesTo('paris@weekwise.test')).toHaveLength(before + 1);
      expect(await digestRow('paris@weekwise.test', '2026-11-02')).toMatchObject({
        status: 'sent',
        attempts: 2,
      });
    });

    it('lets a runner unsubscribe in one click and come back', async () => {
      const mail = messagesTo('paris@weekwise.test')[0]!;
      const url = rawHeader(mail.parsed, 'list-unsubscribe').slice(1, -1);
      const server = await createServer({
        config,
        db: stack.database,
        queue: context.queue,
        providers: context.providers,
        clock,
        logger: silentLogger,
      });
      const path = url.replace('https://weekwise.example', '');
      const scanner = await server.inject({ method: 'GET', url: path });
      expect(scanner.statusCode).toBe(200);
      let athlete = await stack.database.prisma.athlete.findUniqueOrThrow({
        where: { id: ids['paris@weekwise.test'] },
      });
      expect(athlete.digestEnabled).toBe(true); // a link scanner's GET changes nothing
      const oneClick = await server.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.statusCode).toBe(200);
      athlete = await stack.database.prisma.athlete.findUniqueOrThrow({
        where: { id: ids['paris@weekwise.test'] },
      });
      expect(athlete.digestEnabled).toBe(false);
      clock.freeze(new Date('2026-11-30T06:00:00Z'));
      await queueDueDigests(stack.database, context.queue, clock.now());
      expect(await digestRow('paris@weekwise.test', '2026-11-23')).toBeUndefined();
      const forged = await server.inject({
        method: 'POST',
        url: `${path}x`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(forged.statusCode).toBe(400);
      const token = new URL(url).searchParams.get('token')!;
      const back = await server.inject({
        method: 'POST',
        url: '/digest/unsubscribe',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${encodeURIComponent(token)}&action=resubscribe`,
      });
      expect(back.statusCode).toBe(200);
      athlete = await stack.database.prisma.athlete.findUniqueOrThrow({
        where: { id: ids['paris@weekwise.test'] },
      });
      expect(athlete.digestEnabled).toBe(true);
      await server.close();
    });

    it('logs a failure on its side by message and stack, without the link’s token, and answers 500', async () => {
      const url = new URL(
        createUnsubscribeUrl(context.providers.signer, config.http.publicUrl, ids['paris@weekwise.test']!),
      );
      const token = url.searchParams.get('token')!;
      // A database that is down: nothing listens on port 1.
      const down = new pg.Pool({ connectionString: 'postgresql://weekwise@127.0.0.1:1/weekwise' });
      const { logger, lines } = capturingLogger();
      const server = await createServer({
        config,
        db: { ...stack.database, pool: down },
        queue: context.queue,
        providers: context.providers,
        clock,
        logger,
      });
      const answer = await server.inject({
        method: 'POST',
        url: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      await server.close();
      await down.end();
      expect(answer.statusCode).toBe(500);
      const failure = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed');
      expect(failure).toMatchObject({ level: 50, path: '/digest/unsubscribe' });
      expect(failure.err.message).toMatch(/ECONNREFUSED/);
      expect(failure.err.stack).toMatch(/\n\s+at /);
      expect(lines.join('')).not.toContain(token);
    });
  },
);

/** A header exactly as sent (mailparser turns List-* headers into objects). */
function rawHeader(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((header) => header.key === name)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).trim();
}
