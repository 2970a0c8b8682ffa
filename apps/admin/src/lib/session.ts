import { useSession as useKitSession, useSignedInUser } from '@bodega/app-kit';
import type { SessionState } from '@bodega/client';
import { isStaffRole } from '@bodega/domain';
import { bodega } from './bodega';

export const useSession = (): SessionState => useKitSession(bodega);

/** The signed-in staff user, or null (a customer's session does not open the back office). */
export function useStaffUser() {
  const user = useSignedInUser(bodega);
  return user && isStaffRole(user.role) ? user : null;
}
