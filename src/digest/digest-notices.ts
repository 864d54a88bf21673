import type { DigestNotice } from './digest-content.ts';
import { formatPercent, plural } from './digest-format.ts';
import type { DigestConnectionIssue, DigestWeek } from './digest-week.ts';

const PROVIDER_NAMES: Record<DigestConnectionIssue['provider'], string> = {
  strava: 'Strava',
  garmin: 'Garmin Connect',
  fit_file: 'FIT file import',
};

/** Things to act on before reading on: each says what is wrong, what it costs and what to do. */
export function composeNotices(week: DigestWeek, appUrl: string | undefined): DigestNotice[] {
  const notices: DigestNotice[] = [];
  if (!week.complete) {
    notices.push({
      kind: 'incomplete_week',
      title: 'The week is not over',
      text: 'These figures cover the days so far; the verdict can still change.',
      link: null,
    });
  }
  for (const connection of week.connections) notices.push(reconnectNotice(connection, appUrl));
  const quality = dataQualityNotice(week);
  if (quality) notices.push(quality);
  return notices;
}

function reconnectNotice(connection: DigestConnectionIssue, appUrl: string | undefined): DigestNotice {
  const name = PROVIDER_NAMES[connection.provider];
  const command = `weekwise connect ${connection.provider}`;
  const link = appUrl ? { label: `Reconnect ${name}`, url: appUrl } : null;
  if (connection.status === 'needs_reauth') {
    return {
      kind: 'reconnect',
      title: `Reconnect ${name}`,
      text:
        `${name} stopped accepting weekwise's access, so new activities from it are not arriving and this ` +
        `week may be missing some. Reconnect it in weekwise (or run: ${command}).`,
      link,
    };
  }
  return {
    kind: 'reconnect',
    title: `${name} is disconnected`,
    text:
      `Access to ${name} was withdrawn, so its activities are no longer imported. If that was not ` +
      `intended, connect it again (${command}).`,
    link,
  };
}

function dataQualityNotice(week: DigestWeek): DigestNotice | null {
  const quality = week.dataQuality;
  if (quality.runs === 0) return null;
  const sentences: string[] = [];
  if (quality.runsWithoutHeartRate > 0) {
    sentences.push(
      `${quality.runsWithoutHeartRate} of your ${plural(quality.runs, 'run')} had no heart rate, so their zones come from pace, which is less certain.`,
    );
  }
  const patchy = quality.lowConfidenceRuns - quality.runsWithoutHeartRate;
  if (patchy > 0) sentences.push(`${plural(patchy, 'run')} had patchy heart rate (dropouts or spikes).`);
  const estimated = quality.lowConfidenceZoneShare ?? 0;
  if (quality.runsWithoutHeartRate === 0 && estimated > 0.25) {
    sentences.push(
      `${formatPercent(estimated)} of your zoned time rests on an estimated maximum heart rate. Set your own ` +
        '(weekwise athlete set --max-hr … --lthr …) for sharper zones.',
    );
  }
  if (sentences.length === 0) return null;
  if (quality.runsWithoutHeartRate > 0 || patchy > 0)
    sentences.push('Wear the heart-rate sensor on every run.');
  return { kind: 'data_quality', title: 'Heart-rate data was thin', text: sentences.join(' '), link: null };
}
