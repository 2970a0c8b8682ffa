import { createBodegaClient } from '@bodega/client';

/** The one API client of the back office: same origin, so the refresh cookie stays first-party. */
export const bodega = createBodegaClient({ credentials: 'same-origin' });
