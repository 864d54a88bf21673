/** Var(U(0,1)) = 1/12, so a centred sum of four uniforms has SD 1/√3. */
const SQRT_3 = Math.sqrt(3);

/**
 * A tiny seeded PRNG (mulberry32) so that every synthetic athlete, week and run is reproducible from a
 * number. Math.random is never used: a failing test or a benchmark must replay exactly.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * Approximately standard normal: the sum of four uniforms, centred and scaled (Irwin–Hall). Tails stop at
   * ±3.5 SD, which suits sensor noise, and it is several times cheaper than Box–Muller in the sample loop.
   */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * SQRT_3;
  }
}

/**
 * Derives an independent 32-bit seed from a parent seed and labels (FNV-1a over the parts, then a
 * murmur finaliser). Each week and session draws from its own stream, so changing one session's
 * sampling interval or adding a week never shifts what the others look like.
 */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const label of labels) {
    const text = `|${label}`;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function randomFor(seed: number, ...labels: readonly (string | number)[]): SeededRandom {
  return new SeededRandom(deriveSeed(seed, ...labels));
}
