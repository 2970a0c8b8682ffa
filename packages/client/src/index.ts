export { createBodegaClient, type BodegaClient, type BodegaClientOptions, type Download } from './client';
export { BodegaApiError, isApiError, unwrap, type ApiErrorCode, type FieldError, type Shortage } from './errors';
export { fileNameOf, idempotencyKey, ifMatch } from './headers';
// createRealtime has its own entry, '@bodega/client/realtime': socket.io-client (~15 KB gzipped)
// then loads only where an app imports it, not with every screen that calls the API.
export type { Realtime, RealtimeSocket, RealtimeState } from './realtime';
export { Session, type SessionState, type SignOutReason } from './session';
export type { ApiClient, AuthResult, components, paths, SessionUser } from './types';
