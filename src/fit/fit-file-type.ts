import { type FitMessage, readEnum } from './fit-message.ts';

const FILE_TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  device: 'a device description',
  settings: 'device settings',
  sport: 'sport settings',
  totals: 'lifetime totals',
  goals: 'goals',
  workout: 'a planned workout, not a recording',
  course: 'a course: a route to follow, not a recording',
  schedules: 'a training schedule',
  weight: 'weight scale measurements',
  blood_pressure: 'blood pressure measurements',
  monitoring_a: 'all-day activity monitoring',
  monitoring_b: 'all-day activity monitoring',
  monitoring_daily: 'all-day activity monitoring',
  activity_summary: 'a summary of activities without their recordings',
  segment: 'a segment',
  segment_list: 'a list of segments',
  exd_configuration: 'a data screen configuration',
};

/** The file's type name (file_id.type), e.g. `activity`, `workout`; `unknown (n)` for ids the profile lacks. */
export function fileTypeName(fileId: FitMessage | undefined): string | null {
  const type = readEnum(fileId, 'type');
  if (type === undefined) return null;
  return typeof type === 'number' ? `unknown (${type})` : type;
}

export function describeNotActivity(fileType: string): string {
  const description = FILE_TYPE_DESCRIPTIONS[fileType];
  return `not an activity: the FIT file type is '${fileType}'${description ? ` (${description})` : ''}`;
}
