import { can, type Capability } from '@bodega/domain';
import { Center, Loader } from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, StaticRouter, useLocation } from 'react-router';
import { Forbidden, PageLoader } from '@bodega/app-kit';
import { NoTabs } from '../components/NoTabs';
import { useSession, useUser } from '../lib/session';
import { ROUTES, tabsFor } from './features';
import { Shell } from './Shell';

/** Signed in only; anyone else goes to sign-in with the page to come back to. */
function RequireUser({ children }: { children: ReactNode }) {
  const state = useSession();
  const user = useUser();
  const location = useLocation();
  if (state.status === 'unknown' && !user) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (!user) {
    const returnTo = location.pathname + location.search;
    const query = returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
    return <Navigate to={`/sign-in${query}`} replace />;
  }
  return children;
}

function Guarded({ capability, children }: { capability: Capability; children: ReactNode }) {
  const user = useUser();
  if (!user || !can(user.role, capability)) return <Forbidden />;
  return <Suspense fallback={<PageLoader />}>{children}</Suspense>;
}

/** `/` opens the role's first tab (the catalog for a customer, the scanner for warehouse staff). */
function Home() {
  const user = useUser();
  const first = user ? tabsFor(user.role)[0] : undefined;
  return first ? <Navigate to={first.path} replace /> : <NoTabs />;
}

/**
 * React Router in declarative mode: the app loads its data with TanStack Query, not route
 * loaders, and the data router's machinery is ~16 KB gzipped of the catalog's first screen.
 */
export function AppRouter({ location }: { location?: string }) {
  // On the server (entry-server.tsx) the page's location is given; in the browser it is the URL's.
  const routes = (
    <Routes>
      {ROUTES.filter((r) => r.access === 'public').map((r) => (
        <Route key={r.path} path={r.path} element={<Suspense fallback={<PageLoader />}>{r.element}</Suspense>} />
      ))}
      <Route
        path="/"
        element={
          <RequireUser>
            <Shell />
          </RequireUser>
        }
      >
        <Route index element={<Home />} />
        {ROUTES.flatMap((route) =>
          route.access === 'public'
            ? []
            : [
                <Route
                  key={route.path}
                  path={route.path.slice(1)}
                  element={<Guarded capability={route.access}>{route.element}</Guarded>}
                />,
              ],
        )}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
  return location === undefined ? (
    <BrowserRouter>{routes}</BrowserRouter>
  ) : (
    <StaticRouter location={location}>{routes}</StaticRouter>
  );
}
