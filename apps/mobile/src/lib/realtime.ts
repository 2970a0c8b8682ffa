import { createRealtime } from '@bodega/client/realtime';
import { bodega } from './bodega';

/**
 * Live events while signed in (order status, stock). Loaded after the first screen is drawn
 * (app/providers.tsx), so socket.io-client is not part of the catalog's initial JavaScript.
 */
export const realtime = createRealtime(bodega);
