import { bodegaCssVariables, bodegaTheme, liveInvalidation } from '@bodega/app-kit';
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { realtime } from '../lib/bodega';
import { LIVE } from './features';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'bodega.admin.colorScheme' });

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

/** Lists, details and the dashboard follow the live events (features declare what each event touches). */
function LiveUpdates() {
  useEffect(() => liveInvalidation(realtime, queryClient, LIVE), []);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider
      theme={bodegaTheme}
      cssVariablesResolver={bodegaCssVariables}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications position="top-right" />
          <LiveUpdates />
          {children}
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
