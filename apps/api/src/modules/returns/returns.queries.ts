import type { ListReturnsQuery, Return } from '@bodega/contract';
import { ownRecordsOnly } from '@bodega/domain';
import type { Db, Tx } from '../../db/database';
import type { Actor } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

function returnsFor(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('returns')
    .selectAll()
    .$if(ownRecordsOnly(actor.role), (q) => q.where('customer_id', '=', actor.customerId ?? -1));
}

async function withLines(
  db: Db | Tx,
  rows: Awaited<ReturnType<ReturnType<typeof returnsFor>['execute']>>,
): Promise<Return[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('return_lines')
    .selectAll()
    .where(
      'return_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    customerId: r.customer_id,
    status: r.status,
    reason: r.reason,
    creditCents: r.credit_cents,
    lines: lines
      .filter((l) => l.return_id === r.id)
      .map((l) => ({
        productId: l.product_id,
        quantity: l.quantity,
        condition: l.condition,
        creditCents: l.credit_cents,
      })),
    receivedAt: r.received_at,
    createdAt: r.created_at,
  }));
}

export async function loadReturn(db: Db | Tx, id: number, actor: Actor): Promise<Return> {
  const row = await returnsFor(db, actor).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Return');
  return (await withLines(db, [row]))[0]!;
}

export async function listReturns(db: Db, query: ListReturnsQuery, actor: Actor) {
  const before = decodeCursor(query.cursor, isPositiveInt);
  let q = returnsFor(db, actor)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (before !== undefined) q = q.where('id', '<', before);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.orderId) q = q.where('order_id', '=', query.orderId);
  const rows = await q.execute();
  const page = toPage(
    rows,
    query.limit,
    (r) => r.id,
    (r) => r.id,
  );
  const items = await withLines(db, rows.slice(0, query.limit));
  return { items, nextCursor: page.nextCursor };
}
