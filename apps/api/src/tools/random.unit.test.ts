import { describe, expect, it } from 'vitest';
import { BENCH_SEED, Random, seededRandom } from './random';

describe('the tools’ seeded generator', () => {
  it('draws the benchmark’s sequence: a change here changes the data docs/performance.md measured', () => {
    const rnd = seededRandom();
    expect(Array.from({ length: 3 }, () => rnd.next())).toEqual([
      0.8969419626519084, 0.6857463242486119, 0.16515310131944716,
    ]);
    expect(new Random(BENCH_SEED).next()).toBe(0.8969419626519084);
  });

  it('keeps its methods bound, so they can be passed around', () => {
    const a = new Random(7);
    const b = new Random(7);
    const { next, int, pick } = a;
    expect([next(), int(1, 6), pick(['x', 'y', 'z'])]).toEqual([b.next(), b.int(1, 6), b.pick(['x', 'y', 'z'])]);
    expect(() => pick([])).toThrow('pick from an empty list');
  });
});
