import type { ListSupplierProductsQuery, ListSuppliersQuery, Supplier, SupplierProduct } from '@bodega/contract';
import { likeContains, lowerAll, type Db, type Tx } from '../../db/database';
import type { SupplierRow } from '../../db/schema';
import { notFound } from '../../platform/errors';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

export function toSupplier(r: SupplierRow): Supplier {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    contact: r.contact,
    email: r.email,
    phone: r.phone,
    taxId: r.tax_id,
    address: r.address,
    paymentTermsDays: r.payment_terms_days,
    leadTimeDays: r.lead_time_days,
    notes: r.notes,
    active: r.active === 1,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findSupplierRow(db: Db | Tx, id: number): Promise<SupplierRow> {
  const row = await db.selectFrom('suppliers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Supplier');
  return row;
}

export async function findSupplier(db: Db | Tx, id: number): Promise<Supplier> {
  return toSupplier(await findSupplierRow(db, id));
}

export async function listSuppliers(db: Db, query: ListSuppliersQuery) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = db
    .selectFrom('suppliers')
    .selectAll()
    .orderBy('id')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('id', '>', after);
  if (query.active !== undefined) q = q.where('active', '=', query.active ? 1 : 0);
  if (query.q) {
    const text = query.q.toLowerCase();
    q = q.where((eb) =>
      eb.or([
        likeContains(lowerAll(db, eb.ref('name')), text),
        likeContains(lowerAll(db, eb.ref('code')), text),
        likeContains(lowerAll(db, eb.ref('email')), text),
        likeContains(lowerAll(db, eb.ref('tax_id')), text),
      ]),
    );
  }
  return toPage(await q.execute(), query.limit, toSupplier, (r) => r.id);
}

function supplierProducts(db: Db | Tx) {
  return db
    .selectFrom('product_suppliers as ps')
    .innerJoin('suppliers as s', 's.id', 'ps.supplier_id')
    .innerJoin('products as p', 'p.id', 'ps.product_id')
    .select([
      'ps.supplier_id',
      's.code as supplier_code',
      's.name as supplier_name',
      'ps.product_id',
      'p.sku',
      'p.name',
      'ps.supplier_sku',
      'ps.last_cost_cents',
      'ps.min_order_quantity',
      'ps.preferred',
      'ps.updated_at',
    ]);
}

type SupplierProductRow = Awaited<ReturnType<ReturnType<typeof supplierProducts>['executeTakeFirstOrThrow']>>;

function toSupplierProduct(r: SupplierProductRow): SupplierProduct {
  return {
    supplierId: r.supplier_id,
    supplierCode: r.supplier_code,
    supplierName: r.supplier_name,
    productId: r.product_id,
    sku: r.sku,
    name: r.name,
    supplierSku: r.supplier_sku,
    lastCostCents: r.last_cost_cents,
    minOrderQuantity: r.min_order_quantity,
    preferred: r.preferred === 1,
    updatedAt: r.updated_at,
  };
}

/** What a supplier sells, by product id, a page at a time. */
export async function listProductsOfSupplier(db: Db, supplierId: number, query: ListSupplierProductsQuery) {
  await findSupplierRow(db, supplierId);
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = supplierProducts(db)
    .where('ps.supplier_id', '=', supplierId)
    .orderBy('ps.product_id')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('ps.product_id', '>', after);
  return toPage(await q.execute(), query.limit, toSupplierProduct, (r) => r.product_id);
}

/** Every product link of a supplier (the snapshot kept when it is deleted). */
export async function allProductsOfSupplier(db: Db | Tx, supplierId: number) {
  const rows = await supplierProducts(db).where('ps.supplier_id', '=', supplierId).orderBy('ps.product_id').execute();
  return rows.map(toSupplierProduct);
}

/** Who sells a product (a handful), the preferred supplier first. */
export async function listSuppliersOfProduct(db: Db, productId: number) {
  const product = await db.selectFrom('products').select('id').where('id', '=', productId).executeTakeFirst();
  if (!product) throw notFound('Product');
  const rows = await supplierProducts(db)
    .where('ps.product_id', '=', productId)
    .orderBy('ps.preferred', 'desc')
    .orderBy('s.name')
    .execute();
  return rows.map(toSupplierProduct);
}

export async function findSupplierProduct(db: Db | Tx, supplierId: number, productId: number) {
  const row = await supplierProducts(db)
    .where('ps.supplier_id', '=', supplierId)
    .where('ps.product_id', '=', productId)
    .executeTakeFirst();
  if (!row) throw notFound('Supplier product');
  return toSupplierProduct(row);
}
