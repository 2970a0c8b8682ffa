import { unwrap } from '@bodega/client';
import { queryOptions } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';

export const supplierQuery = (id: number) =>
  queryOptions({
    queryKey: ['suppliers', 'one', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/suppliers/{id}', { params: { path: { id } }, signal })),
  });

export const supplierProductsKey = (id: number) => ['suppliers', 'products', id] as const;
