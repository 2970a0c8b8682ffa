import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const LocationsPage = lazy(() => import('./LocationsPage').then((m) => ({ default: m.LocationsPage })));

export const feature: Feature = {
  routes: [{ path: '/locations', capability: 'stock.read', element: <LocationsPage /> }],
  nav: [{ path: '/locations', label: 'locations.nav', capability: 'stock.read', group: 'inventory', order: 3 }],
};
