/** The benchmark's seed: the business it measures. */
export const BENCH_SEED = 20261126;

/**
 * The one seeded generator of the tools (mulberry32), so that one seed always gives the same
 * business, on every run and both databases. Math.random is never used by the demo or the
 * benchmark. Its methods are bound: `const pick = rnd.pick` works.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed;
  }

  /** A float in [0, 1). */
  readonly next = (): number => {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let x = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };

  /** An integer in [min, max]. */
  readonly int = (min: number, max: number): number => min + Math.floor(this.next() * (max - min + 1));

  readonly between = (min: number, max: number): number => min + this.next() * (max - min);

  readonly chance = (p: number): boolean => this.next() < p;

  readonly pick = <T>(list: readonly T[]): T => {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)]!;
  };

  /** One of the keys, with probability proportional to its weight. */
  readonly weighted = <K extends string>(weights: Readonly<Record<K, number>>): K => {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  };

  readonly shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };

  /** A child generator: a part of the demo draws from its own stream, so adding draws elsewhere does not shift it. */
  readonly fork = (label: string): Random => {
    let h = Math.floor(this.next() * 4294967296);
    for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    return new Random(h);
  };
}

/** The benchmark's generator: `seededRandom()` is the benchmark's business. */
export function seededRandom(seed = BENCH_SEED): Random {
  return new Random(seed);
}

/** Draws items with probability proportional to fixed weights (cumulative sums + binary search). */
export class WeightedSampler<T> {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(
    readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => {
      sum += weight(item);
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  get size(): number {
    return this.items.length;
  }

  draw(random: Random): T {
    if (this.items.length === 0) throw new Error('draw from an empty sampler');
    const r = random.next() * this.total;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
