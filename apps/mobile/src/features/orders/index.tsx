import { lazy } from 'react';
import { IconPackage } from '../../components/icons';
import type { Feature } from '../../lib/feature';

const OrdersPage = lazy(() => import('./OrdersPage').then((m) => ({ default: m.OrdersPage })));
const OrderPage = lazy(() => import('./OrderPage').then((m) => ({ default: m.OrderPage })));

export const feature: Feature = {
  routes: [
    { path: '/orders', access: 'orders.read', element: <OrdersPage /> },
    { path: '/orders/:id', access: 'orders.read', element: <OrderPage /> },
  ],
  tabs: [
    {
      path: '/orders',
      label: 'orders.tab',
      icon: IconPackage,
      capability: 'orders.read',
      roles: ['customer'],
      order: 30,
    },
  ],
  live: {
    'order.created': ['orders'],
    'order.updated': ['orders'],
    'payment.recorded': ['orders'],
    'payment.voided': ['orders'],
  },
};
