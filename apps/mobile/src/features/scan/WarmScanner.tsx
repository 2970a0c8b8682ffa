import type { Role } from '@bodega/domain';
import { useEffect } from 'react';
import { useSignedIn } from '../../lib/session';

/**
 * For the scanner's users (`roles`) only: once the first screen is drawn and the phone is online, fetches the
 * scanner's decoder in the background (scanner/detector.ts `warmDecoder`), so that it is in the
 * service worker's cache before the first scan, and a phone that lost its network still scans.
 */
export function WarmScanner({ roles }: { roles: readonly Role[] }) {
  const user = useSignedIn();
  const staff = roles.includes(user.role);
  useEffect(() => {
    if (!staff || !navigator.onLine) return undefined;
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 2000));
    const cancelIdle = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => {
      void import('./scanner/detector').then((m) => m.warmDecoder()).catch(() => undefined);
    });
    return () => cancelIdle(handle);
  }, [staff]);
  return null;
}
