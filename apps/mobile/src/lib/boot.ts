import type { SessionUser } from '@bodega/client';
import { bodega } from './bodega';

/**
 * The session's refresh, sent as the very first thing the app does: this module is main.tsx's
 * first import and needs only the API client, so the round trip starts before React, Mantine
 * and the router are even evaluated (~0.4 s on a slow phone) rather than after.
 * Rejects when offline (lib/session.ts decides what that means).
 */
export const firstRestore: Promise<SessionUser | null> = import.meta.env.SSR
  ? Promise.resolve(null)
  : bodega.session.restore();
firstRestore.catch(() => undefined);
