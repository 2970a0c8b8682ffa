import { isApiError, unwrap, type components } from '@bodega/client';
import { OPEN_PURCHASE_ORDER_STATUSES } from '@bodega/domain';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { bodega } from '../../lib/bodega';
import { barcodeVariants } from './scanner/barcode-variants';

export type Product = components['schemas']['Product'];
export type StockLevel = components['schemas']['StockLevel'];
export type Location = components['schemas']['Location'];
export type PurchaseOrder = components['schemas']['PurchaseOrder'];
export type PurchaseOrderSummary = components['schemas']['PurchaseOrderSummary'];

/** GET /products/by-barcode/{code}: staff get the full product (cost fields included). */
export const productByBarcodeQuery = (code: string) =>
  queryOptions({
    queryKey: ['products', 'by-barcode', code],
    queryFn: async ({ signal }) =>
      (await unwrap(
        bodega.api.GET('/api/v1/products/by-barcode/{code}', { params: { path: { code } }, signal }),
      )) as Product,
    staleTime: 30_000,
    retry: false,
  });

/**
 * The product a code names, from the cache when it was just looked up (scanning is repetitive);
 * a UPC-A is also tried in its EAN-13 spelling and back. A miss is the first code's 404.
 */
export async function lookUpBarcode(queryClient: QueryClient, code: string): Promise<Product> {
  const [first, ...others] = barcodeVariants(code);
  try {
    return await queryClient.fetchQuery(productByBarcodeQuery(first ?? code));
  } catch (err) {
    if (!isApiError(err) || err.status !== 404) throw err;
    for (const other of others) {
      const found = await queryClient.fetchQuery(productByBarcodeQuery(other)).catch(() => null);
      if (found) return found;
    }
    throw err;
  }
}

export const productQuery = (id: number) =>
  queryOptions({
    queryKey: ['products', id],
    // Staff read the full product (GET /products/{id} answers the customer's shape to customers).
    queryFn: async ({ signal }) =>
      (await unwrap(bodega.api.GET('/api/v1/products/{id}', { params: { path: { id } }, signal }))) as Product,
  });

export const locationsQuery = queryOptions({
  queryKey: ['locations'],
  queryFn: ({ signal }) => unwrap(bodega.api.GET('/api/v1/locations', { signal })),
  staleTime: 5 * 60_000,
  select: (data) => data.items.filter((l) => l.active),
});

/** A product's level at one location (zero when nothing was ever stocked there). */
export const stockLevelQuery = (productId: number, locationId: number) =>
  queryOptions({
    queryKey: ['stock', { productId, locationId }],
    queryFn: async ({ signal }): Promise<StockLevel> => {
      const page = await unwrap(
        bodega.api.GET('/api/v1/stock', { params: { query: { productId, locationId } }, signal }),
      );
      return page.items[0] ?? { productId, locationId, onHand: 0, reserved: 0, available: 0 };
    },
  });

/** Every level of a product (one per location). */
export const productStockQuery = (productId: number) =>
  queryOptions({
    queryKey: ['stock', { productId }],
    queryFn: async ({ signal }) =>
      (await unwrap(bodega.api.GET('/api/v1/stock', { params: { query: { productId, limit: 200 } }, signal }))).items,
  });

/** Purchase orders goods may arrive against (sent, partially received), newest first per status. */
export const openPurchaseOrdersQuery = queryOptions({
  queryKey: ['purchase-orders', 'open'],
  queryFn: async ({ signal }) => {
    const pages = await Promise.all(
      OPEN_PURCHASE_ORDER_STATUSES.map((status) =>
        unwrap(bodega.api.GET('/api/v1/purchase-orders', { params: { query: { status, limit: 200 } }, signal })),
      ),
    );
    return pages.flatMap((p) => p.items);
  },
});

export const purchaseOrderQuery = (id: number) =>
  queryOptions({
    queryKey: ['purchase-orders', id],
    queryFn: ({ signal }) =>
      unwrap(bodega.api.GET('/api/v1/purchase-orders/{id}', { params: { path: { id } }, signal })),
  });
