import type { BodegaClient, SessionState, SessionUser } from '@bodega/client';
import { useSyncExternalStore } from 'react';

/** The session's state, re-rendering on every change (sign-in, refresh refused, sign-out). */
export function useSession(client: BodegaClient): SessionState {
  return useSyncExternalStore(
    (listener) => client.session.subscribe(listener),
    () => client.session.state,
    () => client.session.state,
  );
}

/** The signed-in user, or null. */
export function useSignedInUser(client: BodegaClient): SessionUser | null {
  const state = useSession(client);
  return state.status === 'signed_in' ? state.user : null;
}

/**
 * Calls `render` once the session's refresh has gone out, or after `maxWaitMs` at the latest.
 * The cross-tab lock the refresh waits for is granted by a task of its own, which React's first
 * frame would push back: an app's first render waits for it, so the round trip starts first.
 */
export function renderAfterRefreshSent(client: BodegaClient, render: () => void, maxWaitMs = 100): void {
  const timeout = new Promise((resolve) => setTimeout(resolve, maxWaitMs));
  void Promise.race([client.session.refreshSent(), timeout]).then(render);
}
