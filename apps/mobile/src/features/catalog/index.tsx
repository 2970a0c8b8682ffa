import { lazy } from 'react';
import { IconStore } from '../../components/icons';
import type { Feature } from '../../lib/feature';

// The customer's first page is part of the entry: lazy, its code (and a dozen small shared
// chunks) would wait for the session, then queue on the phone's six connections ahead of the data.
import { CatalogPage } from './CatalogPage';
const ProductPage = lazy(() => import('./ProductPage').then((m) => ({ default: m.ProductPage })));

export const feature: Feature = {
  routes: [
    { path: '/catalog', access: 'catalog.read', element: <CatalogPage /> },
    { path: '/catalog/:id', access: 'catalog.read', element: <ProductPage /> },
  ],
  tabs: [
    {
      path: '/catalog',
      label: 'catalog.tab',
      icon: IconStore,
      capability: 'catalog.read',
      roles: ['customer'],
      order: 10,
    },
  ],
  live: { 'stock.changed': ['products'] },
};
