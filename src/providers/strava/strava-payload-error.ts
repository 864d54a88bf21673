import type { z } from 'zod';

/**
 * A Strava answer weekwise cannot read: the message says which object and what is wrong with it in words
 * a user can act on (`Strava activity 123: start_date is not a date`). Values are never quoted: a token
 * must not reach a log through an error message.
 */
export class StravaPayloadError extends Error {
  override name = 'StravaPayloadError';

  constructor(
    /** E.g. "Strava activity 123". */
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`${subject}: ${problems.join('; ')}`);
  }
}

/** At most this many problems are listed: a hostile payload can have millions. */
const MAX_PROBLEMS = 5;

/** Runs a zod schema; its issues become one StravaPayloadError about `subject`. */
export function parseWithSchema<Output>(schema: z.ZodType<Output>, json: unknown, subject: string): Output {
  const result = schema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, MAX_PROBLEMS).map(describeIssue);
  const more = result.error.issues.length - MAX_PROBLEMS;
  throw new StravaPayloadError(subject, more > 0 ? [...problems, `and ${more} more problem(s)`] : problems);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`))
    .join('');
  if (issue.code === 'invalid_type') {
    // A zod "record" is a JSON object to whoever reads this.
    const expected = issue.expected === 'record' ? 'object' : issue.expected;
    const wanted = `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
    if (issue.input === undefined) return field ? `${field} is missing` : `expected ${wanted}, got nothing`;
    const got = describeValue(issue.input);
    return field ? `${field} should be ${wanted}, not ${got}` : `expected ${wanted}, got ${got}`;
  }
  if (issue.code === 'invalid_value') {
    if (issue.input === undefined && field) return `${field} is missing`;
    return `${field || 'the value'} should be one of ${issue.values.map(String).join(', ')}`;
  }
  // Our own checks say "is negative"; zod's other messages are sentences of their own ("Too small: …").
  if (!field) return issue.message;
  return /^[A-Z]/.test(issue.message) ? `${field}: ${issue.message}` : `${field} ${issue.message}`;
}

/** What a value is, without quoting it. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
