import { unwrap, type components } from '@bodega/client';
import { queryOptions } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';

export type Product = components['schemas']['Product'];
export type Category = components['schemas']['Category'];
export type ImportPreview = components['schemas']['ProductImportPreview'];
export type ImportResult = components['schemas']['ProductImportResult'];

export type ProductFilters = { q: string; categoryId?: number; active?: boolean; lowStock?: boolean };

/** Staff always get the staff shape; the list's type is the union of both views. */
export const asProduct = (p: unknown) => p as Product;

export const productQuery = (id: number) =>
  queryOptions({
    queryKey: ['products', 'detail', id],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/products/{id}', { params: { path: { id } }, signal })).then(asProduct),
  });

export const categoriesQuery = queryOptions({
  queryKey: ['categories', 'list'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/categories', { signal })),
  staleTime: 30_000,
});

export const stockOfProductQuery = (productId: number) =>
  queryOptions({
    queryKey: ['stock', 'levels', { productId }],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/stock', { params: { query: { productId, limit: 200 } }, signal })),
  });

export const locationsQuery = queryOptions({
  queryKey: ['locations', 'list'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/locations', { signal })),
  staleTime: 60_000,
});

/** "Tools › Hand tools" for each category id, for selects and cells. */
export function categoryPaths(categories: readonly Category[]): Map<number, string> {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const paths = new Map<number, string>();
  const pathOf = (c: Category, depth = 0): string => {
    const parent = c.parentId === null || depth > 50 ? undefined : byId.get(c.parentId);
    return parent ? `${pathOf(parent, depth + 1)} › ${c.name}` : c.name;
  };
  for (const c of categories) paths.set(c.id, pathOf(c));
  return paths;
}

/** Hands a downloaded file to the browser's save dialog. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
