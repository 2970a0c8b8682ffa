import { lazy } from 'react';
import type { Feature } from '../../lib/feature';

const UsersPage = lazy(() => import('./UsersPage').then((m) => ({ default: m.UsersPage })));

export const feature: Feature = {
  routes: [{ path: '/users', capability: 'users.manage', element: <UsersPage /> }],
  nav: [{ path: '/users', label: 'users.nav', capability: 'users.manage', group: 'admin', order: 0 }],
  actions: [{ id: 'users.new', label: 'users.actionNew', capability: 'users.manage', to: '/users?new=1' }],
};
