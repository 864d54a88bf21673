import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_DEPTH, nestedTooDeep } from '../../../src/providers/json-depth.ts';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 ? { inner: value } : [value];
  return value;
}

describe('nestedTooDeep', () => {
  it('accepts what providers send and refuses junk nested deeper than the limit', () => {
    expect(nestedTooDeep({ id: 1, athlete: { id: 2 }, laps: [{ splits: [1, 2] }] })).toBe(false);
    expect(nestedTooDeep('text')).toBe(false);
    expect(nestedTooDeep(null)).toBe(false);
    expect(nestedTooDeep(nested(MAX_PAYLOAD_DEPTH))).toBe(false);
    expect(nestedTooDeep(nested(MAX_PAYLOAD_DEPTH + 1))).toBe(true);
  });

  it('walks a hundred thousand levels without recursing (JSON.stringify could not)', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(nestedTooDeep(deep)).toBe(true);
  });
});
