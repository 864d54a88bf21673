import { RULE_SET_V1 } from '../analysis/index.ts';
import { recomputeAthleteAnalysis } from '../athlete-analysis/recompute-athlete-analysis.ts';
import { buildDigestMessage } from '../digest/build-digest-message.ts';
import { DigestWeekUnavailableError, loadDigestWeek } from '../digest/load-digest-week.ts';
import { type JobOutcome, PermanentJobError } from '../jobs/job-definition.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import { AddressRefusedError } from '../mail/mailer.ts';
import { createUnsubscribeUrl } from './unsubscribe-link.ts';

/**
 * Renders and mails one claimed digest. The digest row is the guard against a second email: only a
 * pending row is sent, and it is marked sent right after the SMTP server accepted the message. (A crash
 * in between would send it again on retry; the Message-ID is the same, so mail clients show one.)
 */
export async function sendDigest(
  context: JobContext,
  athleteId: string,
  weekStart: string,
): Promise<JobOutcome> {
  const { db, mailer } = context;
  const { rows } = await db.pool.query<{ status: string }>(
    'SELECT status FROM digest WHERE athlete_id = $1 AND week_start = $2',
    [athleteId, weekStart],
  );
  const status = rows[0]?.status;
  if (!status) return { status: 'skipped', reason: 'no digest was claimed for this week' };
  if (status !== 'pending') return { status: 'skipped', reason: `digest already ${status}` };
  const athlete = await db.prisma.athlete.findUnique({ where: { id: athleteId } });
  if (!athlete) return { status: 'skipped', reason: 'the athlete was deleted' };
  if (!athlete.digestEnabled)
    return finish(context, athleteId, weekStart, 'skipped', 'the runner turned digests off');
  if (athlete.emailRefusedAt)
    return finish(context, athleteId, weekStart, 'refused', 'the address was refused before');
  if (!mailer) throw new PermanentJobError('no SMTP server is configured (SMTP_HOST)');

  // The digest explains the analysis: bring it up to date first if new data came in since the last run.
  const state = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId } });
  if (!state || state.analysedCount < state.changeCount || state.ruleSetVersion !== RULE_SET_V1.version) {
    await recomputeAthleteAnalysis(db, athleteId, RULE_SET_V1, context.clock.now());
  }
  let week: Awaited<ReturnType<typeof loadDigestWeek>>;
  try {
    week = await loadDigestWeek(db, athleteId, weekStart);
    if (!week.complete) {
      // Analysed mid-week and nothing new since: the stored week still says "so far". Now it is over.
      await recomputeAthleteAnalysis(db, athleteId, RULE_SET_V1, context.clock.now());
      week = await loadDigestWeek(db, athleteId, weekStart);
    }
  } catch (error) {
    if (!(error instanceof DigestWeekUnavailableError)) throw error;
    return finish(context, athleteId, weekStart, 'skipped', error.message);
  }
  if (week.kind === 'empty' && !athlete.digestEmptyWeeks) {
    return finish(
      context,
      athleteId,
      weekStart,
      'skipped',
      'an empty week, and the runner asked for no note',
    );
  }
  const unsubscribeUrl = createUnsubscribeUrl(
    context.providers.signer,
    context.config.http.publicUrl,
    athleteId,
  );
  const message = await buildDigestMessage(week, { unsubscribeUrl, appUrl: context.config.http.publicUrl });
  await db.pool.query(
    'UPDATE digest SET attempts = attempts + 1, updated_at = now() WHERE athlete_id = $1 AND week_start = $2',
    [athleteId, weekStart],
  );
  let messageId: string;
  try {
    ({ messageId } = await mailer.send({
      to: athlete.email,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
      messageId: `<digest.${athleteId}.${weekStart}@weekwise>`,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    }));
  } catch (error) {
    if (error instanceof AddressRefusedError) {
      await db.pool.query(
        'UPDATE athlete SET email_refused_at = now(), email_refused_why = $2 WHERE id = $1',
        [athleteId, error.message],
      );
      return finish(context, athleteId, weekStart, 'refused', error.message);
    }
    await db.pool.query('UPDATE digest SET last_error = $3 WHERE athlete_id = $1 AND week_start = $2', [
      athleteId,
      weekStart,
      (error as Error).message,
    ]);
    throw error; // SMTP down or busy: retried with backoff
  }
  await db.pool.query(
    `UPDATE digest SET status = 'sent', sent_at = now(), message_id = $3, last_error = NULL, updated_at = now()
     WHERE athlete_id = $1 AND week_start = $2`,
    [athleteId, weekStart, messageId],
  );
  return { status: 'success', detail: `digest of ${weekStart} sent` };
}

async function finish(
  context: JobContext,
  athleteId: string,
  weekStart: string,
  status: 'skipped' | 'refused',
  reason: string,
): Promise<JobOutcome> {
  await context.db.pool.query(
    `UPDATE digest SET status = $3, last_error = $4, updated_at = now() WHERE athlete_id = $1 AND week_start = $2`,
    [athleteId, weekStart, status, reason],
  );
  return { status: 'skipped', reason };
}
