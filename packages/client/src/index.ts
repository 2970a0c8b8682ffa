export { createBodegaClient, type BodegaClient, type BodegaClientOptions, type Download } from './client';
export { BodegaApiError, isApiError, unwrap, type ApiErrorCode, type FieldError, type Shortage } from './errors';
export { fileNameOf, idempotencyKey, ifMatch } from './headers';
export { createRealtime, type Realtime, type RealtimeSocket, type RealtimeState } from './realtime';
export { Session, type SessionState, type SignOutReason } from './session';
export type { ApiClient, AuthResult, components, paths, SessionUser } from './types';
