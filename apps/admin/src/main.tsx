// First: starts restoring the session before anything else is evaluated.
import './lib/boot';
import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from './app/providers';
import { AppRouter } from './app/router';
import { bodega } from './lib/bodega';
import './lib/i18n';

// React's first frame waits (100 ms at most) until the session's refresh has gone out: the
// cross-tab lock it waits for is granted by a task that a busy first render would push back.
const refreshSent = Promise.race([bodega.session.refreshSent(), new Promise((resolve) => setTimeout(resolve, 100))]);
void refreshSent.then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Providers>
        <AppRouter />
      </Providers>
    </StrictMode>,
  );
});
