import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const AuditPage = lazy(() => import('./AuditPage').then((m) => ({ default: m.AuditPage })));

export const feature: Feature = {
  routes: [{ path: '/audit', capability: 'audit.read', element: <AuditPage /> }],
  nav: [{ path: '/audit', label: 'audit.nav', capability: 'audit.read', group: 'admin', order: 10 }],
};
