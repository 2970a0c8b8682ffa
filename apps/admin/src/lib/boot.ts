import { bodega } from './bodega';

/**
 * Resumes the refresh cookie's session once, at start-up. main.tsx imports this module first,
 * and it needs only the API client, so the round trip starts before React, Mantine and the
 * router are evaluated rather than after.
 */
export const restored: Promise<unknown> = bodega.session.restore().catch(() => null);
