import { liveInvalidation } from '@bodega/app-kit';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { realtime } from '../lib/bodega';
import { LIVE } from './features';

const theme = createTheme({ primaryColor: 'teal' });

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } },
});

/** Screens follow the live events (features declare what each event touches). */
function LiveUpdates() {
  useEffect(() => liveInvalidation(realtime, queryClient, LIVE), []);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <LiveUpdates />
        {children}
      </QueryClientProvider>
    </MantineProvider>
  );
}
