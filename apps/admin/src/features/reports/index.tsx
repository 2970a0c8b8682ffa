import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const ReportsPage = lazy(() => import('./ReportsPage').then((m) => ({ default: m.ReportsPage })));

export const feature: Feature = {
  routes: [
    {
      path: '/reports/sales',
      capability: 'reports.sales',
      element: <ReportsPage kinds={['sales', 'categories', 'staff', 'top', 'payments']} />,
    },
    {
      path: '/reports/inventory',
      capability: 'reports.inventory',
      element: <ReportsPage kinds={['movements', 'valuation']} />,
    },
  ],
  nav: [
    { path: '/reports/sales', label: 'reports.navSales', capability: 'reports.sales', group: 'insights', order: 0 },
    {
      path: '/reports/inventory',
      label: 'reports.navInventory',
      capability: 'reports.inventory',
      group: 'insights',
      order: 10,
    },
  ],
};
