import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseRuleSet, RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';

describe('the rule set', () => {
  test('the shipped rule set is valid and versioned', () => {
    expect(parseRuleSet(RULE_SET_V1)).toEqual(RULE_SET_V1);
    expect(RULE_SET_V1.version).toBe('2026.1');
  });

  test("DOMAIN.md's defaults", () => {
    expect(RULE_SET_V1.zones.lthr).toEqual({ z2From: 0.9, z3From: 1 });
    expect(RULE_SET_V1.zones.maxHr).toEqual({ z2From: 0.82, z3Above: 0.87 });
    expect(RULE_SET_V1.zones.heartRateReserve).toEqual({ z2From: 0.7, z3Above: 0.85 });
    expect(RULE_SET_V1.zones.friel).toEqual([0.85, 0.9, 0.95, 1]);
    expect(RULE_SET_V1.classification).toMatchObject({
      hardZ3MinS: 480,
      hardWorkZ2Z3MinS: 1200,
      moderateZ2Share: 0.2,
      recoveryMaxS: 2400,
      longMinS: 5400,
      longMedianFactor: 1.5,
      longMedianMinS: 3600,
    });
    expect(RULE_SET_V1.fatigue).toMatchObject({
      ctlDays: 42,
      atlDays: 7,
      acwrAcuteDays: 7,
      acwrChronicDays: 28,
    });
    expect(RULE_SET_V1.alerts).toMatchObject({
      tsbBelow: -30,
      acwrAbove: 1.5,
      monotonyAbove: 2,
      hardDaysInWindow: 3,
    });
  });

  test.each([
    ['zones out of order', { zones: { ...RULE_SET_V1.zones, lthr: { z2From: 1.0, z3From: 0.9 } } }],
    ['Friel bounds not increasing', { zones: { ...RULE_SET_V1.zones, friel: [0.9, 0.85, 0.95, 1] } }],
    ['a negative duration', { classification: { ...RULE_SET_V1.classification, hardZ3MinS: -1 } }],
    ['a share above 1', { week: { ...RULE_SET_V1.week, easyShareMin: 1.2 } }],
    ['no version', { version: '' }],
    [
      'an empty hard-session range',
      { week: { ...RULE_SET_V1.week, hardSessionsMin: 3, hardSessionsMax: 2 } },
    ],
  ])('a rule set with %s is refused', (_name, change) => {
    expect(() => parseRuleSet({ ...RULE_SET_V1, ...change })).toThrow();
  });

  test('a coach can change a number without touching the engines', () => {
    const coach = parseRuleSet({
      ...RULE_SET_V1,
      version: 'coach-1',
      week: { ...RULE_SET_V1.week, greyShareMax: 0.1 },
    });
    expect(coach.week.greyShareMax).toBe(0.1);
  });
});

describe('src/analysis stays pure', () => {
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'analysis');
  const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));

  test.each(files)('%s reads no clock, environment, randomness or I/O', (name) => {
    const source = readFileSync(join(folder, name), 'utf8');
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)|performance\.now|Math\.random|process\.|console\./);
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
    for (const target of imports) {
      expect(target === 'zod' || target.startsWith('./') || target.startsWith('../domain/')).toBe(true);
    }
  });
});
