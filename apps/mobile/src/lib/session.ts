import { useSession as useKitSession } from '@bodega/app-kit';
import type { SessionState, SessionUser } from '@bodega/client';
import { useSyncExternalStore } from 'react';
import { bodega } from './bodega';
import { firstRestore } from './boot';

export const useSession = (): SessionState => useKitSession(bodega);

/**
 * The last signed-in user is remembered on the device. At start-up the app opens as that user at
 * once, on what it kept (the catalog's first page, see lib/persisted.ts; the service worker's
 * answers), while the refresh cookie is exchanged: on a phone's network that exchange is a
 * round trip the first screen need not wait for. When the server answers, its user replaces the
 * remembered one, or, if the session is over, the app goes to sign-in. Offline the exchange
 * cannot happen: the app stays as that user (cached catalog and orders, the order queue) and
 * restores the session as soon as the connection returns.
 */
const LAST_USER = 'bodega.mobile.lastUser';
let provisionalUser: SessionUser | null = null;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/** The user last signed in on this device, or null. */
export function rememberedUser(): SessionUser | null {
  try {
    const raw = localStorage.getItem(LAST_USER);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

bodega.session.subscribe((state) => {
  if (state.status === 'signed_in') localStorage.setItem(LAST_USER, JSON.stringify(state.user));
  if (state.status === 'signed_out') localStorage.removeItem(LAST_USER);
  if (state.status !== 'unknown' && provisionalUser) {
    provisionalUser = null;
    emit();
  }
});

function restore(attempt: Promise<unknown>): Promise<unknown> {
  if (bodega.session.state.status === 'unknown') {
    provisionalUser = rememberedUser();
    emit();
  }
  // No answer (offline): the remembered user stays.
  return attempt.catch(() => null);
}

/**
 * Resumes the refresh cookie's session once, at start-up (the attempt lib/boot.ts started), and
 * again when the network returns.
 */
export const restored: Promise<unknown> = import.meta.env.SSR ? firstRestore : restore(firstRestore);
if (!import.meta.env.SSR) {
  window.addEventListener('online', () => {
    if (bodega.session.state.status === 'unknown') void restore(bodega.session.restore());
  });
}

/**
 * The user a server-rendered first screen was drawn for (app/first-screen.ts): the app opens as
 * that user, as it does as the remembered one, until the refresh answers. On the server, the user
 * of the page being rendered (set and cleared around one synchronous render).
 */
export function openAs(user: SessionUser | null): void {
  provisionalUser = user;
  emit();
}

const subscribeProvisional = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The signed-in user (a customer, or warehouse staff using the scanner), or null. */
export function useUser(): SessionUser | null {
  const state = useSession();
  const provisional = useSyncExternalStore(
    subscribeProvisional,
    () => provisionalUser,
    () => provisionalUser,
  );
  if (state.status === 'signed_in') return state.user;
  return state.status === 'unknown' ? provisional : null;
}

/** The signed-in user in a page of the shell, which renders only when signed in. */
export function useSignedIn(): SessionUser {
  const user = useUser();
  if (!user) throw new Error('useSignedIn outside the signed-in shell');
  return user;
}

/** Only paths inside the app: an open redirect through ?returnTo= is not possible. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
