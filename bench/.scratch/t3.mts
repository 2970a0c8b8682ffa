import { business } from '../lib/business';
import { scratchDatabase } from '../lib/load';
import { CompiledQuery, sql } from 'kysely';
const b = business({ lines: 300000, products: 100000, customers: 10000, customerUsers: 10000, now: new Date() });
const s = await scratchDatabase('postgres');
try {
  await s.db.executeQuery(CompiledQuery.raw('alter table order_lines drop constraint order_lines_order_id_fkey'));
  await s.db.executeQuery(CompiledQuery.raw('alter table order_lines drop constraint order_lines_product_id_fkey'));
  const list = b.rows['order_lines']!;
  const cols = Object.keys(list[0]!);
  const types = (
    await sql<{
      name: string;
      type: string;
    }>`select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = 'order_lines'::regclass and attnum > 0`.execute(
      s.db,
    )
  ).rows;
  const typeOf = new Map(types.map((t) => [t.name, t.type]));
  for (const batch of [1000, 5000, 20000]) {
    await s.db.executeQuery(CompiledQuery.raw('truncate order_lines cascade'));
    const t0 = performance.now();
    await s.db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local synchronous_commit = off'));
      const text = `insert into order_lines (${cols.join(',')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${typeOf.get(c)}[]`).join(',')})`;
      for (let i = 0; i < list.length; i += batch) {
        const chunk = list.slice(i, i + batch);
        await trx.executeQuery(
          CompiledQuery.raw(
            text,
            cols.map((c) => chunk.map((r) => r[c] ?? null)),
          ),
        );
      }
    });
    console.log('unnest', batch, Math.round(performance.now() - t0));
  }
  for (const batch of [100, 500, 2142]) {
    await s.db.executeQuery(CompiledQuery.raw('truncate order_lines cascade'));
    const t0 = performance.now();
    await s.db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local synchronous_commit = off'));
      for (let i = 0; i < list.length; i += batch) {
        const chunk = list.slice(i, i + batch);
        const params: unknown[] = [];
        const tuples = chunk.map(
          (r, ri) =>
            `(${cols
              .map((c, ci) => {
                params.push(r[c] ?? null);
                return `$${ri * cols.length + ci + 1}`;
              })
              .join(',')})`,
        );
        await trx.executeQuery(
          CompiledQuery.raw(`insert into order_lines (${cols.join(',')}) values ${tuples.join(',')}`, params),
        );
      }
    });
    console.log('values', batch, Math.round(performance.now() - t0));
  }
} finally {
  await s.close();
}
