import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const CustomersPage = lazy(() => import('./CustomersPage').then((m) => ({ default: m.CustomersPage })));
const CustomerDetailPage = lazy(() => import('./CustomerDetailPage').then((m) => ({ default: m.CustomerDetailPage })));
const CustomerFormPage = lazy(() => import('./CustomerFormPage').then((m) => ({ default: m.CustomerFormPage })));

export const feature: Feature = {
  routes: [
    { path: '/customers', capability: 'customers.read', element: <CustomersPage /> },
    { path: '/customers/new', capability: 'customers.write', element: <CustomerFormPage /> },
    { path: '/customers/:id', capability: 'customers.read', element: <CustomerDetailPage /> },
    { path: '/customers/:id/edit', capability: 'customers.write', element: <CustomerFormPage /> },
  ],
  nav: [{ path: '/customers', label: 'customers.nav', capability: 'customers.read', group: 'sales', order: 0 }],
  actions: [{ id: 'new-customer', label: 'customers.new', capability: 'customers.write', to: '/customers/new' }],
  live: {
    'order.created': ['customers'],
    'order.updated': ['customers'],
    'payment.recorded': ['customers'],
    'payment.voided': ['customers'],
  },
};
