import { createBodegaClient } from '@bodega/client';

/**
 * Marks the app's own API calls, so the service worker caches only these (the back office at
 * /admin/ lies inside the worker's scope too, and its answers are not for this device's cache).
 */
export const APP_HEADER = 'x-bodega-app';

/** The one API client of the app: same origin, so the refresh cookie stays first-party. */
export const bodega = createBodegaClient({
  credentials: 'same-origin',
  fetch: (request) => {
    request.headers.set(APP_HEADER, 'mobile');
    return globalThis.fetch(request);
  },
});
