import { createRealtime } from '@bodega/client/realtime';
import { bodega } from './bodega';

/**
 * Live events while signed in; the shell shows their state. Imported only by the signed-in shell,
 * so socket.io-client is not part of the sign-in page's JavaScript.
 */
export const realtime = createRealtime(bodega);
