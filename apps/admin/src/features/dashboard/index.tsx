import type { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { bodega } from '../../lib/bodega';
import { restored } from '../../lib/boot';
import type { Feature } from '../../lib/feature';
import { dashboardQuery } from '../../lib/queries';

const loadDashboard = () => import('./DashboardPage');
const DashboardPage = lazy(() => loadDashboard().then((m) => ({ default: m.DashboardPage })));
// The page and its charts' chunk side by side with the session's refresh; its main read as soon
// as the refresh answers, when it signed someone in.
const preload = (queryClient: QueryClient) =>
  Promise.all([
    loadDashboard(),
    import('./DashboardCharts'),
    restored.then(() => (bodega.session.user ? queryClient.prefetchQuery(dashboardQuery) : undefined)),
  ]);

export const feature: Feature = {
  routes: [{ path: '/', capability: 'dashboard.read', element: <DashboardPage />, preload }],
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
