import { CATEGORY_PATH_SEPARATOR, type Category } from '@bodega/contract';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database';
import type { ProductView } from './product-view';

type CategoryRow = { id: number; name: string; parent_id: number | null; description: string | null };

export function toCategory(row: CategoryRow & { product_count?: number | string | null }): Category {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    description: row.description,
    ...(row.product_count === undefined ? {} : { productCount: Number(row.product_count ?? 0) }),
  };
}

/** Categories with how many products each holds directly (customers count active ones only). */
function withCounts(db: Db | Tx, view: ProductView) {
  return db
    .selectFrom('categories as c')
    .select(['c.id', 'c.name', 'c.parent_id', 'c.description'])
    .select((eb) =>
      eb
        .selectFrom('products as p')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('p.category_id', '=', 'c.id')
        .$if(view === 'customer', (q) => q.where('p.active', '=', 1))
        .as('product_count'),
    );
}

/** The whole tree, flat, by name: a catalog has tens or hundreds of categories, not thousands. */
export async function listCategories(db: Db, view: ProductView) {
  const rows = await withCounts(db, view)
    .orderBy(sql`lower(c.name)`)
    .orderBy('c.id')
    .execute();
  return { items: rows.map(toCategory), nextCursor: null };
}

export async function findCategory(db: Db | Tx, id: number, view: ProductView) {
  const row = await withCounts(db, view).where('c.id', '=', id).executeTakeFirst();
  return row ? toCategory(row) : undefined;
}

export function findCategoryRow(db: Db | Tx, id: number) {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The category and every category below it. */
export async function descendantIds(db: Db | Tx, id: number): Promise<number[]> {
  const rows = await db
    .withRecursive('tree(id)', (qc) =>
      qc
        .selectFrom('categories')
        .select('id')
        .where('id', '=', id)
        .unionAll(qc.selectFrom('categories as c').innerJoin('tree as t', 't.id', 'c.parent_id').select('c.id')),
    )
    .selectFrom('tree')
    .select('id')
    .execute();
  return rows.length ? rows.map((r) => r.id) : [id];
}

/** The category and every category above it, nearest first (stops on a cycle, should one exist). */
export async function ancestorIds(db: Db | Tx, id: number): Promise<number[]> {
  const rows = await db
    .withRecursive('up(id, parent_id, depth)', (qc) =>
      qc
        .selectFrom('categories')
        .select(['id', 'parent_id', sql<number>`0`.as('depth')])
        .where('id', '=', id)
        .unionAll(
          qc
            .selectFrom('categories as c')
            .innerJoin('up', 'up.parent_id', 'c.id')
            .select(['c.id', 'c.parent_id', sql<number>`up.depth + 1`.as('depth')])
            .where('up.depth', '<', 1000),
        ),
    )
    .selectFrom('up')
    .select('id')
    .orderBy('depth')
    .execute();
  return rows.map((r) => r.id);
}

/** Every category's path from the top ("Tools > Hand tools"), as the CSV writes it. */
export async function categoryPaths(db: Db | Tx): Promise<Map<number, string>> {
  const rows = await db.selectFrom('categories').select(['id', 'name', 'parent_id']).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<number, string>();
  const pathOf = (id: number, depth = 0): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const row = byId.get(id)!;
    const path =
      row.parent_id === null || depth > 1000
        ? row.name
        : `${pathOf(row.parent_id, depth + 1)}${CATEGORY_PATH_SEPARATOR}${row.name}`;
    paths.set(id, path);
    return path;
  };
  for (const row of rows) pathOf(row.id);
  return paths;
}
