import type { LiveMap } from '@bodega/app-kit';
import type { DomainEventName } from '@bodega/contract';
import { can, type Role } from '@bodega/domain';
import type { Feature, TabItem } from '../lib/feature';

const modules = import.meta.glob<{ feature: Feature }>('../features/*/index.tsx', { eager: true });

/** Every feature's contribution, in folder order. */
export const FEATURES: readonly Feature[] = Object.values(modules).map((m) => m.feature);

export const ROUTES = FEATURES.flatMap((f) => f.routes);
export const TABS: readonly TabItem[] = FEATURES.flatMap((f) => f.tabs ?? []).sort((a, b) => a.order - b.order);

/** The tabs a role sees, in order. */
export const tabsFor = (role: Role): TabItem[] =>
  TABS.filter((tab) => can(role, tab.capability) && (!tab.roles || tab.roles.includes(role)));

/** Every feature's live map in one: an event invalidates the union of the roots. */
export const LIVE: LiveMap = {};
for (const f of FEATURES) {
  for (const [event, roots] of Object.entries(f.live ?? {}) as [DomainEventName, readonly string[]][]) {
    LIVE[event] = [...new Set([...(LIVE[event] ?? []), ...roots])];
  }
}
