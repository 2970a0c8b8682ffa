import { useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';

/**
 * The service worker (vite-plugin-pwa's generateSW, prompt mode): registered by hand through
 * workbox-window, so an update waits until the user accepts it (`applyUpdate`).
 */
type PwaState = { updateWaiting: boolean };
let state: PwaState = { updateWaiting: false };
const listeners = new Set<() => void>();
let wb: Workbox | null = null;

function set(next: PwaState) {
  state = next;
  for (const l of listeners) l();
}

export function registerServiceWorker(): void {
  // Not under the dev server (no sw.js there); every build registers it, whatever NODE_ENV was.
  if (!('serviceWorker' in navigator) || import.meta.hot) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => set({ updateWaiting: true }));
  void wb.register().then((registration) => {
    // Look for a new version now and then while the app stays open.
    if (registration) setInterval(() => void registration.update(), 60 * 60 * 1000);
  });
}

/** Activates the waiting worker and reloads into the new version. */
export function applyUpdate(): void {
  if (!wb) return;
  wb.addEventListener('controlling', () => window.location.reload());
  wb.messageSkipWaiting();
}

export function usePwaState(): PwaState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
    () => state,
  );
}

/** Whether the browser believes it is online (updates on `online`/`offline`). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
    () => true,
  );
}

/** The catalog's page as the server last drew it, kept by the worker (vite.config.ts). */
export const PAGE_CACHE = 'bodega-page';

/**
 * The caches of the API's answers and of the kept page, for sign-out: the next user of the
 * device must not read them.
 */
export const API_CACHES = ['bodega-catalog', 'bodega-orders', 'bodega-account', PAGE_CACHE] as const;

export async function clearApiCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await Promise.all(API_CACHES.map((name) => caches.delete(name)));
}
