/**
 * Provider payloads are stored as they came (raw_payload, the event inbox), and storing means
 * JSON.stringify, which recurses: a value nested a hundred thousand levels deep parses fine but throws
 * "Maximum call stack size exceeded" when written back, taking its whole page down with it. No provider
 * nests its JSON more than a few levels; deeper is junk, refused before anything is stored.
 */
export const MAX_PAYLOAD_DEPTH = 64;

/** Whether `value` nests objects or lists more than `maxDepth` levels deep (checked without recursion). */
export function nestedTooDeep(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
