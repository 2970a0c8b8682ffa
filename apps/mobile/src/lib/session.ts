import { useSession as useKitSession, useSignedInUser } from '@bodega/app-kit';
import type { SessionState, SessionUser } from '@bodega/client';
import { bodega } from './bodega';

export const useSession = (): SessionState => useKitSession(bodega);

/** The signed-in user (a customer, or warehouse staff using the scanner), or null. */
export const useUser = (): SessionUser | null => useSignedInUser(bodega);

/** The signed-in user in a page of the shell, which renders only when signed in. */
export function useSignedIn(): SessionUser {
  const user = useUser();
  if (!user) throw new Error('useSignedIn outside the signed-in shell');
  return user;
}

/** Resumes the refresh cookie's session once, at start-up. */
export const restored: Promise<unknown> = bodega.session.restore().catch(() => null);

/** Only paths inside the app: an open redirect through ?returnTo= is not possible. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
