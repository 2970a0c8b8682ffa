import { createBodegaClient } from '@bodega/client';
import { createRealtime } from '@bodega/client/realtime';

/** The one API client of the back office: same origin, so the refresh cookie stays first-party. */
export const bodega = createBodegaClient({ credentials: 'same-origin' });

/** Live events while signed in; the shell shows its state. */
export const realtime = createRealtime(bodega);
