import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const DashboardPage = lazy(() => import('./DashboardPage').then((m) => ({ default: m.DashboardPage })));

export const feature: Feature = {
  routes: [{ path: '/', capability: 'dashboard.read', element: <DashboardPage /> }],
  nav: [{ path: '/', label: 'dashboard.nav', capability: 'dashboard.read', group: 'overview', order: 0 }],
  live: {
    'stock.changed': ['reports'],
    'alert.opened': ['reports'],
    'alert.resolved': ['reports'],
    'order.created': ['reports'],
    'order.updated': ['reports'],
    'payment.recorded': ['reports'],
    'payment.voided': ['reports'],
  },
};
