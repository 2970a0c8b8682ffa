// First: starts restoring the session before anything else is evaluated.
import './lib/boot';
import '@mantine/core/styles.css';
import { renderAfterRefreshSent } from '@bodega/app-kit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from './app/providers';
import { AppRouter } from './app/router';
import { bodega } from './lib/bodega';
import './lib/i18n';
import { registerServiceWorker } from './lib/pwa';

registerServiceWorker();

// React's first frame waits (100 ms at most) until the session's refresh has gone out.
renderAfterRefreshSent(bodega, () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Providers>
        <AppRouter />
      </Providers>
    </StrictMode>,
  ),
);
