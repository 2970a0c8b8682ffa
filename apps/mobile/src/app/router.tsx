import { can, type Capability } from '@bodega/domain';
import { Center, Loader } from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { Forbidden, PageLoader } from '../components/placeholders';
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

const router = createBrowserRouter([
  ...ROUTES.filter((r) => r.access === 'public').map((r) => ({
    path: r.path,
    element: <Suspense fallback={<PageLoader />}>{r.element}</Suspense>,
  })),
  {
    path: '/',
    element: (
      <RequireUser>
        <Shell />
      </RequireUser>
    ),
    children: [
      { index: true, element: <Home /> },
      ...ROUTES.flatMap((route) =>
        route.access === 'public'
          ? []
          : [{ path: route.path.slice(1), element: <Guarded capability={route.access}>{route.element}</Guarded> }],
      ),
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
