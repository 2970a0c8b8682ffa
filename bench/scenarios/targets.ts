import type { Kind } from '../lib/load';

/** The targets of issue 9, for this 2-core machine with the load generator on the same cores. */
export const TARGETS: Record<
  Kind,
  {
    catalog: { perS: number; p99: number };
    search: { perS: number; p99: number };
    order: { perS: number; p99: number };
    hotPerS: number;
    ratio: number;
    reportP50: number;
    fanOutP99: number;
    rssMb: number;
  }
> = {
  sqlite: {
    catalog: { perS: 5_000, p99: 30 },
    search: { perS: 3_000, p99: 40 },
    order: { perS: 2_000, p99: 100 },
    hotPerS: 1_000,
    ratio: 0.5,
    reportP50: 100,
    fanOutP99: 250,
    rssMb: 250,
  },
  postgres: {
    catalog: { perS: 3_000, p99: 50 },
    search: { perS: 2_000, p99: 60 },
    order: { perS: 1_000, p99: 150 },
    hotPerS: 500,
    ratio: 0.5,
    reportP50: 100,
    fanOutP99: 250,
    rssMb: 250,
  },
};
