import { lazy } from 'react';
import { IconCart } from '../../components/icons';
import type { Feature } from '../../lib/feature';
import { QueueRunner } from './QueueRunner';

const CartPage = lazy(() => import('./CartPage').then((m) => ({ default: m.CartPage })));

export const feature: Feature = {
  routes: [{ path: '/cart', access: 'orders.create', element: <CartPage /> }],
  tabs: [
    { path: '/cart', label: 'cart.tab', icon: IconCart, capability: 'orders.create', roles: ['customer'], order: 20 },
  ],
  mount: <QueueRunner />,
};
