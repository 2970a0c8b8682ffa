import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const CatalogPage = lazy(() => import('./CatalogPage').then((m) => ({ default: m.CatalogPage })));
const ProductPage = lazy(() => import('./ProductPage').then((m) => ({ default: m.ProductPage })));

export const feature: Feature = {
  routes: [
    { path: '/catalog', access: 'catalog.read', element: <CatalogPage /> },
    { path: '/catalog/:id', access: 'catalog.read', element: <ProductPage /> },
  ],
  tabs: [
    { path: '/catalog', label: 'catalog.tab', icon: '🏪', capability: 'catalog.read', roles: ['customer'], order: 10 },
  ],
  live: { 'stock.changed': ['products'] },
};
