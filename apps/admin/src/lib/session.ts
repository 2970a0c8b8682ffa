import type { SessionState } from '@bodega/client';
import { isStaffRole } from '@bodega/domain';
import { useSyncExternalStore } from 'react';
import { bodega } from './bodega';

/** The session's state, re-rendering on every change (sign-in, refresh refused, sign-out). */
export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => bodega.session.subscribe(listener),
    () => bodega.session.state,
  );
}

/** The signed-in staff user, or null (a customer's session does not open the back office). */
export function useStaffUser() {
  const state = useSession();
  return state.status === 'signed_in' && isStaffRole(state.user.role) ? state.user : null;
}

/** Resumes the refresh cookie's session once, at start-up. */
export const restored: Promise<unknown> = bodega.session.restore().catch(() => null);
