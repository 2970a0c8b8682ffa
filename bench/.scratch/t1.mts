import { business } from '../lib/business';
import { scratchDatabase, loadBusiness } from '../lib/load';
import { stockInvariants } from '../lib/invariants';
const lines = Number(process.argv[2] ?? 20000);
const products = Number(process.argv[3] ?? 5000);
let t = performance.now();
const b = business({ lines, products, customers: 10000, customerUsers: 10000, now: new Date() });
console.log(
  'gen',
  Math.round(performance.now() - t),
  Object.fromEntries(Object.entries(b.rows).map(([k, v]) => [k, v.length])),
);
for (const kind of (process.argv[4] ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[]) {
  const s = await scratchDatabase(kind);
  try {
    const timings = await loadBusiness(s, b);
    console.log(kind, timings);
    t = performance.now();
    console.log(kind, await stockInvariants(s.db), Math.round(performance.now() - t), 'ms');
    console.log(kind, await stockInvariants(s.db, [1, 2, 3]));
  } finally {
    await s.close();
  }
}
