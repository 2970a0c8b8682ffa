import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const ProductsPage = lazy(() => import('./ProductsPage').then((m) => ({ default: m.ProductsPage })));
const ProductDetailPage = lazy(() => import('./ProductDetailPage').then((m) => ({ default: m.ProductDetailPage })));
const ProductFormPage = lazy(() => import('./ProductFormPage').then((m) => ({ default: m.ProductFormPage })));
const ImportPage = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));

export const feature: Feature = {
  routes: [
    { path: '/products', capability: 'catalog.read', element: <ProductsPage /> },
    { path: '/products/new', capability: 'catalog.write', element: <ProductFormPage /> },
    { path: '/products/import', capability: 'catalog.write', element: <ImportPage /> },
    { path: '/products/:id', capability: 'catalog.read', element: <ProductDetailPage /> },
    { path: '/products/:id/edit', capability: 'catalog.write', element: <ProductFormPage /> },
  ],
  nav: [{ path: '/products', label: 'products.nav', capability: 'catalog.read', group: 'catalog', order: 0 }],
  actions: [
    { id: 'products.new', label: 'products.new', capability: 'catalog.write', to: '/products/new' },
    { id: 'products.import', label: 'products.import.action', capability: 'catalog.write', to: '/products/import' },
  ],
  live: { 'stock.changed': ['products', 'stock'] },
};
