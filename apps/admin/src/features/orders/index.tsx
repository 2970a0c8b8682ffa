import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const OrdersPage = lazy(() => import('./OrdersPage').then((m) => ({ default: m.OrdersPage })));
const NewOrderPage = lazy(() => import('./NewOrderPage').then((m) => ({ default: m.NewOrderPage })));
const OrderDetailPage = lazy(() => import('./OrderDetailPage').then((m) => ({ default: m.OrderDetailPage })));

export const feature: Feature = {
  routes: [
    { path: '/orders', capability: 'orders.read', element: <OrdersPage /> },
    { path: '/orders/new', capability: 'orders.create', element: <NewOrderPage /> },
    { path: '/orders/:id', capability: 'orders.read', element: <OrderDetailPage /> },
  ],
  nav: [{ path: '/orders', label: 'orders.nav', capability: 'orders.read', group: 'sales', order: 1 }],
  actions: [{ id: 'new-order', label: 'orders.new', capability: 'orders.create', to: '/orders/new' }],
  live: {
    'order.created': ['orders', 'customers'],
    'order.updated': ['orders', 'customers', 'returns'],
    'stock.changed': ['stock'],
    'payment.recorded': ['orders'],
    'payment.voided': ['orders'],
  },
};
