import { can, type Capability } from '@bodega/domain';
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, matchPath, Navigate, RouterProvider, useLocation } from 'react-router';
import { Forbidden } from '@bodega/app-kit';
import { useSession, useStaffUser } from '../lib/session';
import { FEATURES, ROUTES } from './features';
import { queryClient } from './providers';

const loadShell = () => import('./Shell');
const Shell = lazy(() => loadShell().then((m) => ({ default: m.Shell })));

/**
 * While the session is restored (a round trip), the code of what comes next is fetched beside
 * it: the shell, and the page at `pathname` when its feature offers a `preload`.
 */
let preloaded = false;
function preloadSignedInPage(pathname: string): void {
  if (preloaded) return;
  preloaded = true;
  void loadShell();
  void ROUTES.find((r) => matchPath(r.path, pathname))?.preload?.(queryClient);
}

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

/** Signed-in staff only; anyone else goes to sign-in with the page to come back to. */
function RequireStaff({ children }: { children: ReactNode }) {
  const state = useSession();
  const user = useStaffUser();
  const location = useLocation();
  if (state.status === 'unknown') {
    preloadSignedInPage(location.pathname);
    return <FullPageLoader />;
  }
  if (!user) {
    const returnTo = location.pathname + location.search;
    return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return children;
}

function Guarded({ capability, children }: { capability: Capability; children: ReactNode }) {
  const user = useStaffUser();
  if (!user || !can(user.role, capability)) return <Forbidden />;
  return <Suspense fallback={<Loader />}>{children}</Suspense>;
}

const router = createBrowserRouter(
  [
    ...FEATURES.flatMap((f) => f.publicRoutes ?? []).map((r) => ({
      path: r.path,
      element: <Suspense fallback={<Loader />}>{r.element}</Suspense>,
    })),
    {
      path: '/',
      element: (
        <RequireStaff>
          <Suspense fallback={<FullPageLoader />}>
            <Shell />
          </Suspense>
        </RequireStaff>
      ),
      children: [
        ...ROUTES.map((route) => ({
          ...(route.path === '/' ? { index: true } : { path: route.path.slice(1) }),
          element: <Guarded capability={route.capability}>{route.element}</Guarded>,
        })),
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/admin' },
);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
