import { bodegaCssVariables, bodegaTheme, liveInvalidation } from '@bodega/app-kit';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { keepFirstScreen } from '../lib/persisted';
import { rememberedUser } from '../lib/session';
import { LIVE } from './features';

export const newQueryClient = (): QueryClient =>
  new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } },
  });
export const queryClient = newQueryClient();
if (!import.meta.env.SSR) keepFirstScreen(queryClient, rememberedUser()?.id ?? null);

/**
 * Resolves once the first screen has its data (a query has answered and none is fetching), or
 * after `ms` at the latest; the socket waits for the next idle moment after that (the screen
 * drawn), so it and its library do not compete with the first screen for bandwidth and CPU.
 */
function firstScreenSettled(client: QueryClient, ms = 4000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const unsubscribe = client.getQueryCache().subscribe(() => {
      const answered = client
        .getQueryCache()
        .getAll()
        .some((q) => q.state.dataUpdatedAt > 0 || q.state.errorUpdatedAt > 0);
      if (answered && client.isFetching() === 0) done();
    });
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/** Screens follow the live events (features declare what each event touches). */
function LiveUpdates() {
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void firstScreenSettled(queryClient)
      .then(() => new Promise((resolve) => (window.requestIdleCallback ?? setTimeout)(resolve)))
      .then(() => import('../lib/realtime'))
      .then(({ realtime }) => {
        if (!cancelled) off = liveInvalidation(realtime, queryClient, LIVE);
      });
    return () => {
      cancelled = true;
      off?.();
    };
  }, []);
  return null;
}

/** `client`: the app's own cache, or (on the server) the one a first screen is rendered from. */
export function Providers({ children, client = queryClient }: { children: ReactNode; client?: QueryClient }) {
  return (
    <MantineProvider theme={bodegaTheme} cssVariablesResolver={bodegaCssVariables} defaultColorScheme="light">
      <QueryClientProvider client={client}>
        <LiveUpdates />
        {children}
      </QueryClientProvider>
    </MantineProvider>
  );
}
