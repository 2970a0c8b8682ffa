import type { Capability } from '@bodega/domain';
import type { LiveMap } from '@bodega/app-kit';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/** The navbar's groups, in the order they are shown. */
export const NAV_GROUPS = [
  'overview',
  'catalog',
  'inventory',
  'sales',
  'receivables',
  'purchasing',
  'insights',
  'admin',
] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/**
 * A page of the app. `path` is relative to /admin (`/orders/:id`); `element` is usually lazy.
 * `preload` fetches a lazy page's code, and may prefetch its first data (its calls wait for the
 * session's token): the router calls it for the page a visit opens on while the session is
 * still being restored, so they happen side by side.
 */
export type FeatureRoute = {
  path: string;
  capability: Capability;
  element: ReactNode;
  preload?: (queryClient: QueryClient) => Promise<unknown>;
};

/** A navbar link: shown only when the role's capability allows the page's calls. */
export type NavItem = { path: string; label: string; capability: Capability; group: NavGroup; order: number };

/** Something the command palette can run: "new order", "receive stock". */
export type FeatureAction = { id: string; label: string; capability: Capability; to: string; shortcut?: string };

/**
 * What a feature adds to the app, exported as `feature` from `features/<name>/index.tsx`. The
 * router, the navbar, the command palette and the live updates read every feature's from
 * `import.meta.glob` (app/features.ts), so adding a feature touches no shared file.
 */
export type Feature = {
  routes: readonly FeatureRoute[];
  /** Pages outside the signed-in shell (sign-in, forgot and reset password). */
  publicRoutes?: readonly { path: string; element: ReactNode }[];
  nav?: readonly NavItem[];
  actions?: readonly FeatureAction[];
  /** The query-key roots (first element) this feature's screens read, per event that makes them stale. */
  live?: LiveMap;
};
