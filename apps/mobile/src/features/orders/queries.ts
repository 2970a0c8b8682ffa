import { unwrap } from '@bodega/client';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';

export const ordersQuery = infiniteQueryOptions({
  queryKey: ['orders', 'mine'],
  queryFn: ({ pageParam, signal }) =>
    unwrap(
      bodega.api.GET('/api/v1/orders', {
        params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      }),
    ),
  initialPageParam: '',
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

export const orderQuery = (id: number) =>
  queryOptions({
    queryKey: ['orders', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/orders/{id}', { params: { path: { id } }, signal })),
  });
