import type { Confidence } from './types.ts';

const RANK: Record<Confidence, number> = { none: 0, low: 1, medium: 2, high: 3 };

export function lowestConfidence(...grades: Confidence[]): Confidence {
  let lowest: Confidence = 'high';
  for (const grade of grades) if (RANK[grade] < RANK[lowest]) lowest = grade;
  return lowest;
}

export function confidenceAtLeast(grade: Confidence, floor: Confidence): boolean {
  return RANK[grade] >= RANK[floor];
}
