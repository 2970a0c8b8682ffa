import { CATEGORY_PATH_SEPARATOR } from '@bodega/contract';
import type { Tx } from '../../db/database';
import type { CsvRow, RowErrors } from './read-product-csv';

const MAX_NAME = 120;

/**
 * The CSV `category` cell is a path from the top of the tree ("Tools > Hand tools"; a single
 * name is a top-level category), matched case-insensitively. Missing categories are created,
 * so that a first import can bring a whole catalog; the import's result and audit entry list them.
 */
export async function planCategories(trx: Tx, rows: CsvRow[], errors: RowErrors) {
  const all = await trx.selectFrom('categories').select(['id', 'name', 'parent_id']).execute();
  const known = new Map(all.map((c) => [key(c.parent_id, c.name), c.id]));
  const paths = new Map<string, string[]>();
  for (const { row, line, data } of rows) {
    if (!data.category || paths.has(data.category)) continue;
    const names = data.category.split(CATEGORY_PATH_SEPARATOR.trim()).map((n) => n.trim());
    if (names.some((n) => n === '' || n.length > MAX_NAME)) {
      errors.add(row, line, 'category', `each level of a category path needs 1 to ${MAX_NAME} characters`);
      continue;
    }
    paths.set(data.category, names);
  }
  const created: string[] = [];

  /** Resolves every path, creating what is missing; answers the category id of each cell value. */
  const create = async (now: string): Promise<Map<string, number>> => {
    const ids = new Map<string, number>();
    for (const [cell, names] of paths) {
      let parent: number | null = null;
      for (const [depth, name] of names.entries()) {
        let id = known.get(key(parent, name));
        if (id === undefined) {
          const row = await trx
            .insertInto('categories')
            .values({ name, parent_id: parent, description: null, created_at: now, updated_at: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = row.id;
          known.set(key(parent, name), id);
          created.push(names.slice(0, depth + 1).join(CATEGORY_PATH_SEPARATOR));
        }
        parent = id;
      }
      ids.set(cell, parent!);
    }
    return ids;
  };
  return { create, created };
}

const key = (parent: number | null, name: string) => `${parent ?? 0}/${name.toLowerCase()}`;
