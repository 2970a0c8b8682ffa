import { buildApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config';
import { placeOrder } from '../../apps/api/src/modules/orders/place-order';
import { listProducts } from '../../apps/api/src/modules/catalog/products.queries';
import { listProductsQuery } from '@bodega/contract';
const config = loadConfig({ DATABASE_URL: process.argv[2], DATA_DIR: '/tmp/bt', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'silent' });
const { app, ctx } = await buildApp(config, { logger: false });
const stocked = (await ctx.db.selectFrom('stock_levels').select('product_id').where('on_hand', '>=', 500).execute()).map((r: any) => r.product_id);
const N = Number(process.argv[3] ?? 2000);
let seed = 1; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const one = (i: number) => {
  const ids = new Set<number>(); while (ids.size < 3) ids.add(stocked[Math.floor(rnd() * stocked.length)]);
  return placeOrder(ctx, { userId: 100 + (i % 40), role: 'customer', customerId: 1 + (i % 40), sessionId: 0 }, { lines: [...ids].map((productId) => ({ productId, quantity: 1 })), paymentTerms: 'credit' }, undefined, { requestId: 'x', ip: '1', userAgent: null });
};
for (let i = 0; i < 300; i++) await one(i);
for (let round = 0; round < 3; round++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, async (_, w) => { for (let i = w; i < N; i += 16) await one(i); }));
  const c = process.cpuUsage(c0);
  console.log(`order: ${((c.user + c.system) / 1000 / N).toFixed(3)} ms CPU/order, ${(N / ((performance.now() - t0) / 1000)).toFixed(0)} orders/s wall`);
}
const q = listProductsQuery.parse({ limit: '50' });
for (let i = 0; i < 300; i++) await listProducts(ctx.db, q, 'customer');
const c0 = process.cpuUsage();
for (let i = 0; i < 2000; i++) await listProducts(ctx.db, q, 'customer');
const c = process.cpuUsage(c0);
console.log(`listProducts: ${((c.user + c.system) / 1000 / 2000).toFixed(3)} ms CPU/page`);
// serialization cost of the route's response schema
const page = await listProducts(ctx.db, q, 'customer');
const res = await app.inject({ method: 'GET', url: '/health' });
console.log('health', res.statusCode);
await app.close();
