import type { z } from 'zod';

/**
 * A Garmin body weekwise cannot read. The message names the object and what is wrong in words a person
 * can act on ("Garmin activity 123: durationInSeconds is negative"). Values are never quoted: a
 * notification carries the runner's access token, and it must not reach a log through an error.
 */
export class GarminPayloadError extends Error {
  override name = 'GarminPayloadError';

  constructor(
    /** E.g. "Garmin activity 123". */
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`${subject}: ${problems.join('; ')}`);
  }
}

/** A hostile body can hold millions of problems: a few say enough. */
const MAX_PROBLEMS = 5;

/** Runs a zod schema; its issues become one GarminPayloadError about `subject`. */
export function parseGarminPayload<Output>(
  schema: z.ZodType<Output>,
  json: unknown,
  subject: string,
): Output {
  // reportInput tells a missing field from a wrong one; the input itself is never printed.
  const result = schema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, MAX_PROBLEMS).map(describeIssue);
  const more = result.error.issues.length - MAX_PROBLEMS;
  throw new GarminPayloadError(subject, more > 0 ? [...problems, `and ${more} more problem(s)`] : problems);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`))
    .join('');
  if (issue.input === undefined && field) return `${field} is missing`;
  if (issue.code === 'invalid_type') {
    // A zod "record" is a JSON object and an "int" a whole number, to whoever reads this.
    const expected = { record: 'object', int: 'whole number' }[issue.expected as string] ?? issue.expected;
    const article = /^[aeiou]/.test(expected) ? 'an' : 'a';
    return field ? `${field} should be ${article} ${expected}` : `expected ${article} ${expected}`;
  }
  // Our own messages read as predicates ("is negative"); zod's are sentences ("Too small: …").
  if (!field) return issue.message;
  return /^[A-Z]/.test(issue.message) ? `${field}: ${issue.message}` : `${field} ${issue.message}`;
}
