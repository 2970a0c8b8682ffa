import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const CategoriesPage = lazy(() => import('./CategoriesPage').then((m) => ({ default: m.CategoriesPage })));

export const feature: Feature = {
  routes: [{ path: '/categories', capability: 'catalog.read', element: <CategoriesPage /> }],
  nav: [{ path: '/categories', label: 'categories.nav', capability: 'catalog.read', group: 'catalog', order: 1 }],
  actions: [{ id: 'categories.open', label: 'categories.nav', capability: 'catalog.read', to: '/categories' }],
  live: {},
};
