import type { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import type { Feature } from '../../lib/feature';
import { dashboardQuery } from '../../lib/queries';

const loadDashboard = () => import('./DashboardPage');
const DashboardPage = lazy(() => loadDashboard().then((m) => ({ default: m.DashboardPage })));
// The page, its charts' chunk and its main read, side by side with the session's refresh.
const preload = (queryClient: QueryClient) =>
  Promise.all([loadDashboard(), import('./DashboardCharts'), queryClient.prefetchQuery(dashboardQuery)]);

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
