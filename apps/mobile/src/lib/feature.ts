import type { LiveMap } from '@bodega/app-kit';
import type { Capability, Role } from '@bodega/domain';
import type { ReactNode } from 'react';
import type { IconComponent } from '../components/icons';

/**
 * A page of the app. `path` is from the root (`/orders/:id`); `element` is usually lazy.
 * `access` is the capability its calls need, or 'public' for pages outside the signed-in shell
 * (sign-in, register, forgot and reset password).
 */
export type FeatureRoute = { path: string; access: Capability | 'public'; element: ReactNode };

/**
 * A bottom tab. Shown when the user's role may use `capability` and, when `roles` is given, is one
 * of them (customers get the shop's tabs, warehouse staff the scanner's). `icon` is drawn above the label
 * (decorative: the label names the tab).
 */
export type TabItem = {
  path: string;
  label: string;
  icon: IconComponent;
  capability: Capability;
  roles?: readonly Role[];
  order: number;
};

/**
 * What a feature adds to the app, exported as `feature` from `features/<name>/index.tsx`. The
 * router, the bottom tabs and the live updates read every feature's from `import.meta.glob`
 * (app/features.ts), so adding a feature touches no shared file.
 */
export type Feature = {
  routes: readonly FeatureRoute[];
  tabs?: readonly TabItem[];
  /** The query-key roots (first element) this feature's screens read, per event that makes them stale. */
  live?: LiveMap;
  /** Mounted once inside the signed-in shell, on every page (the order queue's sender). */
  mount?: ReactNode;
};
