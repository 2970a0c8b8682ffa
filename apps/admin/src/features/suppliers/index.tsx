import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const SuppliersPage = lazy(() => import('./SuppliersPage').then((m) => ({ default: m.SuppliersPage })));
const NewSupplierPage = lazy(() => import('./NewSupplierPage').then((m) => ({ default: m.NewSupplierPage })));
const SupplierPage = lazy(() => import('./SupplierPage').then((m) => ({ default: m.SupplierPage })));

export const feature: Feature = {
  routes: [
    { path: '/suppliers', capability: 'purchasing.read', element: <SuppliersPage /> },
    { path: '/suppliers/new', capability: 'suppliers.manage', element: <NewSupplierPage /> },
    { path: '/suppliers/:id', capability: 'purchasing.read', element: <SupplierPage /> },
  ],
  nav: [{ path: '/suppliers', label: 'suppliers.nav', capability: 'purchasing.read', group: 'purchasing', order: 1 }],
  actions: [{ id: 'suppliers.new', label: 'suppliers.new', capability: 'suppliers.manage', to: '/suppliers/new' }],
};
