import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const AlertsPage = lazy(() => import('./AlertsPage').then((m) => ({ default: m.AlertsPage })));

export const feature: Feature = {
  routes: [{ path: '/alerts', capability: 'ledger.read', element: <AlertsPage /> }],
  nav: [{ path: '/alerts', label: 'alerts.nav', capability: 'ledger.read', group: 'inventory', order: 2 }],
  live: {
    'alert.opened': ['alerts'],
    'alert.resolved': ['alerts'],
    'stock.changed': ['alerts'],
  },
};
