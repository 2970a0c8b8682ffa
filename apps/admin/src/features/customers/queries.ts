import { unwrap } from '@bodega/client';
import { queryOptions } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';

export const customerQuery = (id: number) =>
  queryOptions({
    queryKey: ['customers', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/customers/{id}', { params: { path: { id } }, signal })),
  });

/** Limit, balance, pending credit and what is left: the figures of the server's credit check. */
export const customerCreditQuery = (id: number) =>
  queryOptions({
    queryKey: ['customers', 'credit', id],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/customers/{id}/credit', { params: { path: { id } }, signal })),
  });
