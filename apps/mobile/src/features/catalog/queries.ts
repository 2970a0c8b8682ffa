import { unwrap } from '@bodega/client';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';

export const categoriesQuery = queryOptions({
  queryKey: ['categories', 'all'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/categories', { signal })),
  staleTime: 5 * 60_000,
});

export const productsQuery = (q: string, categoryId: number | null) =>
  infiniteQueryOptions({
    queryKey: ['products', 'shop', { q, categoryId }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        bodega.api.GET('/api/v1/products', {
          params: {
            query: {
              limit: 20,
              ...(q ? { q } : {}),
              ...(categoryId ? { categoryId } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const productQuery = (id: number) =>
  queryOptions({
    queryKey: ['products', 'shop', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/products/{id}', { params: { path: { id } }, signal })),
  });

/** What a customer reads of a product: availability, never cost (the API answers CustomerProduct). */
export type ShopProduct = {
  id: number;
  name: string;
  sku: string;
  description: string | null;
  unit: string;
  priceCents: number;
  available?: number;
  images: { url: string; thumbnailUrl: string }[];
};
