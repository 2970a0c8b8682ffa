import type {
  CreatePurchaseOrderBody,
  ListPurchaseOrdersQuery,
  PurchaseOrder,
  PurchaseOrderSummary,
} from '@bodega/contract';
import { canReceivePurchaseOrder, nextPurchaseOrderStatuses, outstandingQuantity } from '@bodega/domain';
import { likeContains, lockForUpdate, type Db, type Tx } from '../../db/database';
import type { PurchaseOrderRow } from '../../db/schema';
import { AppError, notFound } from '../../platform/errors';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

type Row = PurchaseOrderRow & { supplier_name: string };

function withSupplier(db: Db | Tx) {
  return db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .selectAll('po')
    .select('s.name as supplier_name');
}

function summary(r: Row) {
  return {
    id: r.id,
    number: r.number,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    locationId: r.location_id,
    status: r.status,
    expectedDate: r.expected_date,
    notes: r.notes,
    totalCents: r.total_cents,
    sentAt: r.sent_at,
    emailedAt: r.emailed_at,
    emailedTo: r.emailed_to,
    createdBy: r.created_by,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The purchase order row, locked until the transaction ends (PostgreSQL; SQLite's write
 * transaction is already exclusive): receipts, transitions and edits of one order go one at a time.
 */
export async function lockPurchaseOrder(trx: Tx, id: number): Promise<PurchaseOrderRow> {
  const row = await lockForUpdate(
    trx,
    trx.selectFrom('purchase_orders').selectAll().where('id', '=', id),
  ).executeTakeFirst();
  if (!row) throw notFound('Purchase order');
  return row;
}

export async function loadPurchaseOrder(db: Db | Tx, id: number): Promise<PurchaseOrder> {
  const row = await withSupplier(db).where('po.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Purchase order');
  const [lines, history, deliveries] = await Promise.all([
    db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .leftJoin('product_suppliers as ps', (join) =>
        join.onRef('ps.product_id', '=', 'l.product_id').on('ps.supplier_id', '=', row.supplier_id),
      )
      .selectAll('l')
      .select(['p.sku', 'p.name', 'ps.supplier_sku'])
      .where('l.purchase_order_id', '=', id)
      .orderBy('l.id')
      .execute(),
    db.selectFrom('purchase_order_history').selectAll().where('purchase_order_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('purchase_order_receipt_lines as rl')
      .innerJoin('stock_receipts as r', 'r.id', 'rl.receipt_id')
      .innerJoin('purchase_order_lines as l', 'l.id', 'rl.purchase_order_line_id')
      .select([
        'r.id as receipt_id',
        'r.reference',
        'r.note',
        'r.user_id',
        'r.created_at',
        'rl.purchase_order_line_id',
        'l.product_id',
        'rl.quantity',
        'rl.unit_cost_cents',
        'rl.excess_quantity',
      ])
      .where('r.purchase_order_id', '=', id)
      .orderBy('r.id')
      .orderBy('rl.id')
      .execute(),
  ]);
  const byReceipt = new Map<number, PurchaseOrder['deliveries'][number]>();
  for (const d of deliveries) {
    let delivery = byReceipt.get(d.receipt_id);
    if (!delivery) {
      delivery = {
        receiptId: d.receipt_id,
        reference: d.reference,
        note: d.note,
        userId: d.user_id,
        createdAt: d.created_at,
        lines: [],
      };
      byReceipt.set(d.receipt_id, delivery);
    }
    delivery.lines.push({
      lineId: d.purchase_order_line_id,
      productId: d.product_id,
      quantity: d.quantity,
      unitCostCents: d.unit_cost_cents,
      excessQuantity: d.excess_quantity,
    });
  }
  return {
    ...summary(row),
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      supplierSku: l.supplier_sku,
      quantity: l.quantity,
      unitCostCents: l.unit_cost_cents,
      totalCents: l.quantity * l.unit_cost_cents,
      receivedQuantity: l.received_quantity,
      outstandingQuantity: outstandingQuantity({ quantity: l.quantity, receivedQuantity: l.received_quantity }),
      overReceived: l.over_received === 1,
    })),
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      userId: h.user_id,
      reason: h.reason,
      note: h.note,
      createdAt: h.created_at,
    })),
    deliveries: [...byReceipt.values()],
    nextStatuses: nextPurchaseOrderStatuses(row.status),
    receivable: canReceivePurchaseOrder(row.status),
  };
}

/** Newest first, filtered. */
export async function listPurchaseOrders(db: Db, query: ListPurchaseOrdersQuery) {
  const before = decodeCursor(query.cursor, isPositiveInt);
  let q = withSupplier(db)
    .select((eb) =>
      eb
        .selectFrom('purchase_order_lines as l')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('l.purchase_order_id', '=', 'po.id')
        .as('line_count'),
    )
    .orderBy('po.id', 'desc')
    .limit(query.limit + 1);
  if (before !== undefined) q = q.where('po.id', '<', before);
  if (query.status) q = q.where('po.status', '=', query.status);
  if (query.supplierId) q = q.where('po.supplier_id', '=', query.supplierId);
  if (query.productId) {
    const productId = query.productId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('purchase_order_lines as l')
          .select('l.id')
          .whereRef('l.purchase_order_id', '=', 'po.id')
          .where('l.product_id', '=', productId),
      ),
    );
  }
  if (query.q) q = q.where((eb) => likeContains(eb.ref('po.number'), query.q!.toUpperCase()));
  return toPage(
    await q.execute(),
    query.limit,
    (r): PurchaseOrderSummary => ({ ...summary(r), lineCount: Number(r.line_count) }),
    (r) => r.id,
  );
}

/** Lines with their expected unit cost; every product must exist and be active. */
export async function costedLines(
  trx: Tx,
  supplierId: number,
  lines: CreatePurchaseOrderBody['lines'],
): Promise<{ product_id: number; quantity: number; unit_cost_cents: number }[]> {
  const products = await trx
    .selectFrom('products as p')
    .leftJoin('product_suppliers as ps', (join) =>
      join.onRef('ps.product_id', '=', 'p.id').on('ps.supplier_id', '=', supplierId),
    )
    .select(['p.id', 'p.active', 'p.cost_cents', 'ps.last_cost_cents'])
    .where(
      'p.id',
      'in',
      lines.map((l) => l.productId),
    )
    .execute();
  const byId = new Map(products.map((p) => [p.id, p]));
  const missing = lines.filter((l) => !byId.has(l.productId)).map((l) => l.productId);
  if (missing.length) throw new AppError('not_found', 404, `Product not found: ${missing.join(', ')}`);
  const archived = products.filter((p) => p.active !== 1).map((p) => p.id);
  if (archived.length) {
    throw new AppError('product_archived', 409, `Archived products cannot be ordered: ${archived.join(', ')}`);
  }
  return lines.map((l) => {
    const p = byId.get(l.productId)!;
    return {
      product_id: l.productId,
      quantity: l.quantity,
      unit_cost_cents: l.unitCostCents ?? p.last_cost_cents ?? p.cost_cents,
    };
  });
}
