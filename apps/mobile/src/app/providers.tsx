import { bodegaCssVariables, bodegaTheme, liveInvalidation } from '@bodega/app-kit';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { LIVE } from './features';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } },
});

/** Screens follow the live events (features declare what each event touches). */
function LiveUpdates() {
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void import('../lib/realtime').then(({ realtime }) => {
      if (!cancelled) off = liveInvalidation(realtime, queryClient, LIVE);
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, []);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={bodegaTheme} cssVariablesResolver={bodegaCssVariables} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <LiveUpdates />
        {children}
      </QueryClientProvider>
    </MantineProvider>
  );
}
