import type { DomainEventName } from '@bodega/contract';
import type { LiveMap } from '@bodega/app-kit';
import { NAV_GROUPS, type Feature } from '../lib/feature';

const modules = import.meta.glob<{ feature: Feature }>('../features/*/index.tsx', { eager: true });

/** Every feature's contribution, in folder order. */
export const FEATURES: readonly Feature[] = Object.values(modules).map((m) => m.feature);

export const ROUTES = FEATURES.flatMap((f) => f.routes);
export const ACTIONS = FEATURES.flatMap((f) => f.actions ?? []);
export const NAV = FEATURES.flatMap((f) => f.nav ?? []).sort(
  (a, b) => NAV_GROUPS.indexOf(a.group) - NAV_GROUPS.indexOf(b.group) || a.order - b.order,
);

/** Every feature's live map in one: an event invalidates the union of the roots. */
export const LIVE: LiveMap = {};
for (const f of FEATURES) {
  for (const [event, roots] of Object.entries(f.live ?? {}) as [DomainEventName, readonly string[]][]) {
    LIVE[event] = [...new Set([...(LIVE[event] ?? []), ...roots])];
  }
}
