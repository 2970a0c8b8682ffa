import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));

export const feature: Feature = {
  routes: [{ path: '/settings', capability: 'settings.manage', element: <SettingsPage /> }],
  nav: [{ path: '/settings', label: 'settings.nav', capability: 'settings.manage', group: 'admin', order: 20 }],
};
