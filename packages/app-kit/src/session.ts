import type { BodegaClient, SessionState, SessionUser } from '@bodega/client';
import { useSyncExternalStore } from 'react';

/** The session's state, re-rendering on every change (sign-in, refresh refused, sign-out). */
export function useSession(client: BodegaClient): SessionState {
  return useSyncExternalStore(
    (listener) => client.session.subscribe(listener),
    () => client.session.state,
  );
}

/** The signed-in user, or null. */
export function useSignedInUser(client: BodegaClient): SessionUser | null {
  const state = useSession(client);
  return state.status === 'signed_in' ? state.user : null;
}
