import { lazy } from 'react';
import { IconAlertTriangle } from '../../components/icons';
import type { Feature } from '../../lib/feature';

const WarehousePage = lazy(() => import('./WarehousePage'));
const AlertsPage = lazy(() => import('./AlertsPage'));

export const feature: Feature = {
  routes: [
    { path: '/warehouse', access: 'stock.write', element: <WarehousePage /> },
    { path: '/warehouse/alerts', access: 'alerts.manage', element: <AlertsPage /> },
  ],
  tabs: [
    {
      path: '/warehouse/alerts',
      label: 'warehouse.tabs.alerts',
      icon: IconAlertTriangle,
      capability: 'alerts.manage',
      roles: ['warehouse_manager', 'admin'],
      order: 140,
    },
  ],
  live: { 'alert.opened': ['alerts'], 'alert.resolved': ['alerts'] },
};
