import { useFormat } from '@bodega/app-kit';
import { unwrap } from '@bodega/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';
import { dashboardQuery } from '../../lib/queries';

export const orderQuery = (id: number) =>
  queryOptions({
    queryKey: ['orders', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/orders/{id}', { params: { path: { id } }, signal })),
  });

export const customerQuery = (id: number) =>
  queryOptions({
    queryKey: ['customers', 'detail', id],
    queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/customers/{id}', { params: { path: { id } }, signal })),
    staleTime: 30_000,
  });

export const customerCreditQuery = (id: number) =>
  queryOptions({
    queryKey: ['customers', 'credit', id],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/customers/{id}/credit', { params: { path: { id } }, signal })),
  });

/** The location an order reserves from when it names none. */
export const defaultLocationQuery = queryOptions({
  queryKey: ['locations', 'default'],
  queryFn: async ({ signal }) => {
    const page = await unwrap(bodega.api.GET('/api/v1/locations', { signal }));
    return page.items.find((l) => l.isDefault) ?? page.items[0] ?? null;
  },
  staleTime: 5 * 60_000,
});

/** A product's available quantity at a location (0 when it has no stock row there). */
export const availabilityQuery = (productId: number, locationId: number) =>
  queryOptions({
    queryKey: ['stock', 'available', productId, locationId],
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        bodega.api.GET('/api/v1/stock', { params: { query: { productId, locationId } }, signal }),
      );
      return page.items.find((l) => l.locationId === locationId)?.available ?? 0;
    },
  });

/** Cents in the business currency (known once the dashboard figures have loaded). */
export function useMoney() {
  const format = useFormat();
  const currency = useQuery({ ...dashboardQuery, select: (d) => d.currency }).data;
  return (cents: number) => (currency ? format.money(cents, currency) : format.number(cents / 100));
}
