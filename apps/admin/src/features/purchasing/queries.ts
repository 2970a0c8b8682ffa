import { unwrap } from '@bodega/client';
import type { PurchaseOrderStatus } from '@bodega/domain';
import { queryOptions } from '@tanstack/react-query';
import type { RemoteOption } from '../../components/RemoteSearchSelect';
import { bodega } from '../../lib/bodega';

export const purchaseOrderQuery = (id: number) =>
  queryOptions({
    queryKey: ['purchase-orders', 'one', id],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/purchase-orders/{id}', { params: { path: { id } }, signal })),
  });

export const locationsQuery = queryOptions({
  queryKey: ['locations', 'all'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/locations', { signal })),
  staleTime: 5 * 60_000,
});

export async function searchSuppliers(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await unwrap(
    bodega.api.GET('/api/v1/suppliers', {
      params: { query: { limit: 20, active: 'true', ...(q ? { q } : {}) } },
      signal,
    }),
  );
  return page.items.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }));
}

export async function searchProducts(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await unwrap(
    bodega.api.GET('/api/v1/products', { params: { query: { limit: 20, ...(q ? { q } : {}) } }, signal }),
  );
  return page.items.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }));
}

export const STATUS_COLOR: Record<PurchaseOrderStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  partially_received: 'orange',
  received: 'teal',
  cancelled: 'red',
};
