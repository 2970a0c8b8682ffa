// First: starts restoring the session before anything else is evaluated.
import './lib/boot';
import '@mantine/core/styles.css';
import { renderAfterRefreshSent } from '@bodega/app-kit';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/App';
import { takeFirstScreen } from './app/first-screen';
import { queryClient } from './app/providers';
import { bodega } from './lib/bodega';
import i18n from './lib/i18n';
import { registerServiceWorker } from './lib/pwa';
import { openAs } from './lib/session';

registerServiceWorker();

// A first screen drawn by the server (app/first-screen.ts) is hydrated: its products are on
// screen already, and the app opens as its user until the session's refresh answers.
const first = takeFirstScreen(queryClient, i18n.language);
if (first) openAs(first.user);

// React's first frame waits (100 ms at most) until the session's refresh has gone out.
renderAfterRefreshSent(bodega, () => {
  const root = document.getElementById('root')!;
  const app = <App i18n={i18n} />;
  if (first) hydrateRoot(root, app);
  else createRoot(root).render(app);
});
