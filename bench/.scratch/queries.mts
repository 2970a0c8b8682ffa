import { createQueryId } from 'kysely';
import { buildApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config';
import { createDatabase } from '../../apps/api/src/db/database';
import { placeOrder } from '../../apps/api/src/modules/orders/place-order';
const config = loadConfig({ DATABASE_URL: process.argv[2], DATA_DIR: '/tmp/bt', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'silent' });
const base = createDatabase(config.database);
const log: string[] = [];
const db = base.withPlugin({
  transformQuery: ({ node }) => { log.push(base.getExecutor().compileQuery(node, createQueryId()).sql); return node; },
  transformResult: async ({ result }) => result,
});
const { app, ctx } = await buildApp(config, { db, logger: false });
const actor = { userId: 100, role: 'customer' as const, customerId: 1, sessionId: 0 };
await placeOrder(ctx, actor, { lines: [{ productId: 10, quantity: 1 }, { productId: 20, quantity: 2 }, { productId: 30, quantity: 1 }], paymentTerms: 'credit' }, undefined, { requestId: 'x', ip: '1', userAgent: null });
log.length = 0;
await placeOrder(ctx, actor, { lines: [{ productId: 11, quantity: 1 }, { productId: 21, quantity: 2 }, { productId: 31, quantity: 1 }], paymentTerms: 'credit' }, undefined, { requestId: 'x', ip: '1', userAgent: null });
console.log(log.length, 'queries'); for (const q of log) console.log(' ', q.slice(0, 230));
await app.close();
