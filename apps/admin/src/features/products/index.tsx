import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const ProductsPage = lazy(() => import('./ProductsPage').then((m) => ({ default: m.ProductsPage })));

export const feature: Feature = {
  routes: [{ path: '/products', capability: 'catalog.read', element: <ProductsPage /> }],
  nav: [{ path: '/products', label: 'products.nav', capability: 'catalog.read', group: 'catalog', order: 0 }],
  live: { 'stock.changed': ['products'] },
};
