import type { Capability } from '@bodega/domain';

/** The back office's sections: a link shows only when the role's capability allows the page's calls. */
export type Section = { path: string; label: string; capability: Capability; ready: boolean };

export const SECTIONS: readonly Section[] = [
  { path: '/', label: 'nav.dashboard', capability: 'dashboard.read', ready: true },
  { path: '/products', label: 'nav.products', capability: 'catalog.read', ready: true },
  { path: '/users', label: 'nav.users', capability: 'users.manage', ready: false },
  { path: '/audit', label: 'nav.audit', capability: 'audit.read', ready: false },
];
