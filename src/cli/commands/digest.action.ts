import { resolve } from 'node:path';
import { addDays, type IsoWeekday, localDateAt, weekStartOf } from '../../analysis/index.ts';
import { buildDigestMessage, type DigestMessage } from '../../digest/build-digest-message.ts';
import {
  DigestWeekUnavailableError,
  latestClosedWeekStart,
  loadDigestWeek,
} from '../../digest/load-digest-week.ts';
import { writeStandaloneDigestHtml } from '../../digest/standalone-digest-html.ts';
import { sendDigest } from '../../digest-delivery/send-digest.ts';
import { createUnsubscribeUrl } from '../../digest-delivery/unsubscribe-link.ts';
import { systemClock } from '../../domain/clock.ts';
import { zoneOffsetSeconds } from '../../domain/local-time.ts';
import type { Athlete } from '../../generated/prisma/client.ts';
import type { CliContext } from '../cli-context.ts';
import { parseDateOption } from '../parse-options.ts';
import { resolveAthlete } from '../resolve-athlete.ts';
import { UsageError } from '../usage-error.ts';

export interface DigestOptions {
  athlete?: string;
  week?: string;
  out?: string;
  text?: boolean;
  send?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `weekwise digest`: preview, write or send one runner's digest of one week. */
export async function runDigestCommand(cli: CliContext, options: DigestOptions): Promise<void> {
  const athlete = await findAthlete(cli, options.athlete);
  const weekStart = chosenWeek(athlete, options.week, new Date());
  const message = await previewMessage(cli, athlete, weekStart);
  if (options.send) {
    await sendNow(cli, athlete, weekStart);
    return;
  }
  if (options.out) {
    const path = resolve(options.out);
    await writeStandaloneDigestHtml(path, message);
    process.stderr.write(`Digest of the week of ${weekStart} for ${athlete.email} written to ${path}\n`);
  }
  if (options.text || !options.out) process.stdout.write(message.text);
}

async function findAthlete(cli: CliContext, given: string | undefined): Promise<Athlete> {
  if (given && UUID.test(given)) {
    const { prisma } = await cli.db();
    const athlete = await prisma.athlete.findUnique({ where: { id: given } });
    if (!athlete) throw new UsageError(`no athlete with id ${given}`);
    return athlete;
  }
  return resolveAthlete(cli, given);
}

/** The week asked for (any of its dates), which must have ended; else the latest that has. */
function chosenWeek(athlete: Athlete, given: string | undefined, now: Date): string {
  const latest = latestClosedWeekStart(athlete, now);
  if (!given) return latest;
  parseDateOption('--week', given);
  const weekStart = weekStartOf(given, athlete.weekStartDay as IsoWeekday);
  if (weekStart > latest) {
    const today = localDateAt(now, zoneOffsetSeconds(athlete.timeZone, now));
    throw new UsageError(
      `the week of ${weekStart} is not over yet (today is ${today} in ${athlete.timeZone}); the latest week that has ended began on ${latest}`,
    );
  }
  return weekStart;
}

async function previewMessage(cli: CliContext, athlete: Athlete, weekStart: string): Promise<DigestMessage> {
  const db = await cli.db();
  const analyze = `weekwise analyze --athlete ${athlete.email}`;
  let week: Awaited<ReturnType<typeof loadDigestWeek>>;
  try {
    week = await loadDigestWeek(db, athlete.id, weekStart);
  } catch (error) {
    if (error instanceof DigestWeekUnavailableError && error.reason === 'not_analysed')
      throw new UsageError(`the week of ${weekStart} is not analysed yet: run \`${analyze}\` first`);
    throw error;
  }
  if (!week.complete) {
    throw new UsageError(
      `the analysis of the week of ${weekStart} ran before the week ended (${addDays(weekStart, 6)}): run \`${analyze}\` first`,
    );
  }
  const signer = cli.signer();
  const publicUrl = cli.config.http.publicUrl;
  return buildDigestMessage(week, {
    unsubscribeUrl: createUnsubscribeUrl(signer, publicUrl, athlete.id),
    appUrl: publicUrl,
  });
}

/** The same path as the scheduled digest: claim the week's row, then the send-digest job's work. */
async function sendNow(cli: CliContext, athlete: Athlete, weekStart: string): Promise<void> {
  if (!cli.config.mail)
    throw new UsageError('no SMTP server is configured: set SMTP_HOST (and SMTP_PORT, MAIL_FROM, …)');
  const db = await cli.db();
  const runtime = await cli.jobRuntime();
  await db.pool.query('INSERT INTO digest (athlete_id, week_start) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    athlete.id,
    weekStart,
  ]);
  const outcome = await sendDigest(
    {
      config: cli.config,
      db,
      queue: runtime.queue,
      logger: cli.logger,
      clock: systemClock,
      providers: runtime.providers,
      mailer: runtime.mailer,
    },
    athlete.id,
    weekStart,
  );
  if (outcome.status === 'success')
    console.log(`Digest of the week of ${weekStart} sent to ${athlete.email}`);
  else console.log(`Not sent: ${outcome.reason}`);
}
