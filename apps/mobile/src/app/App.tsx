import type { QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { StrictMode, useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Providers } from './providers';
import { AppRouter } from './router';

/** Marks the moment the app answers taps (its first commit, or its hydration's): bench:apps reads it. */
function Interactive() {
  useEffect(() => {
    performance.mark('bodega:interactive');
  }, []);
  return null;
}

/**
 * The whole app, one tree for the browser (main.tsx) and for the server's first screen
 * (entry-server.tsx): hydration needs both to be the same, wrapper for wrapper.
 */
export function App({ i18n, client, location }: { i18n: I18n; client?: QueryClient; location?: string }) {
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <Providers client={client}>
          <Interactive />
          <AppRouter location={location} />
        </Providers>
      </I18nextProvider>
    </StrictMode>
  );
}
